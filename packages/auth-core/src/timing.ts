import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time that does not depend on where they first differ.
 * Both sides are hashed first so inputs of different lengths compare in constant time too
 * (crypto.timingSafeEqual alone throws on a length mismatch, which would leak the length).
 */
export function timingSafeEqualStrings(actual: string, expected: string): boolean {
  const actualDigest = createHash('sha256').update(actual, 'utf8').digest();
  const expectedDigest = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(actualDigest, expectedDigest);
}
