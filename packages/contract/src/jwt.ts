/** Token helpers that use only Web APIs, so they run in the browser as well as in Node. */

export interface DecodedJWT {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

export function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(encoded: string): string {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/**
 * Reads a JWT's header and payload WITHOUT checking the signature. Anyone can do this with any
 * token, which is the point: a JWT is signed, not encrypted.
 */
export function decodeJWT(token: string): DecodedJWT | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const decodedHeader: unknown = JSON.parse(base64UrlDecode(header));
    const decodedPayload: unknown = JSON.parse(base64UrlDecode(payload));
    if (!isObject(decodedHeader) || !isObject(decodedPayload) || typeof decodedHeader.alg !== 'string') return undefined;
    return { header: decodedHeader, payload: decodedPayload, signature };
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Same header and signature, payload edited: what an attacker tries to raise their privileges. */
export function tamperJWTPayload(token: string, changes: Record<string, unknown>): string | undefined {
  const decoded = decodeJWT(token);
  if (decoded === undefined) return undefined;
  const [header] = token.split('.');
  return `${header}.${base64UrlEncode(JSON.stringify({ ...decoded.payload, ...changes }))}.${decoded.signature}`;
}

/** An unsigned token claiming `alg: none`, carrying the given payload. */
export function unsignedJWT(payload: Record<string, unknown>): string {
  return `${base64UrlEncode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64UrlEncode(JSON.stringify(payload))}.`;
}

/** Changes one character of an opaque token, keeping its length and alphabet. */
export function alterOpaqueToken(token: string): string {
  const last = token.at(-1) ?? 'A';
  return `${token.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
}
