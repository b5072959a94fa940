/**
 * "Copy as curl": the request exactly as the playground sends it, as one command a learner can
 * paste into a terminal. Every header is included in full, the Authorization header too: the
 * point is to see what travels over the wire.
 */
import type { RequestSpec } from '../api/types.ts';

/**
 * Quotes one shell word for POSIX shells. Inside single quotes nothing is special except the
 * single quote itself, which is written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The body the playground actually sends: none for GET or an empty body (as in api/client.ts). */
export function sentBody(spec: RequestSpec): string | undefined {
  return spec.method === 'GET' || spec.body === undefined || spec.body === '' ? undefined : spec.body;
}

/**
 * A header as a curl `-H` argument. curl drops a header given as `Name:` with nothing after
 * it, so an empty value is written `Name;`, which curl sends as an empty header.
 */
function headerArgument(name: string, value: string): string {
  return value === '' ? `${name};` : `${name}: ${value}`;
}

/** `curl -i -X METHOD 'URL' -H '...' --data-raw '...'`, one option per line. */
export function toCurl(spec: RequestSpec, options: { origin: string }): string {
  const lines = [`curl -i -X ${spec.method} ${shellQuote(new URL(spec.path, options.origin).href)}`];
  for (const [name, value] of Object.entries(spec.headers)) {
    lines.push(`-H ${shellQuote(headerArgument(name, value))}`);
  }
  const body = sentBody(spec);
  // --data-raw, not -d: a body starting with @ must be sent as is, not read from a file.
  if (body !== undefined) lines.push(`--data-raw ${shellQuote(body)}`);
  return lines.join(' \\\n  ');
}
