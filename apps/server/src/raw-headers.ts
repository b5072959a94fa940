import type { Request } from 'express';

/**
 * How many times a header was sent. Node keeps only the first of a repeated Host or Content-Type,
 * while a proxy or another parser may act on a later one, so the guards refuse repeats.
 */
export function countHeader(req: Request, name: string): number {
  const lowerName = name.toLowerCase();
  return req.rawHeaders.filter((header, index) => index % 2 === 0 && header.toLowerCase() === lowerName).length;
}
