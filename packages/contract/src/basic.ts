/** The `Authorization: Basic` header, both ways (RFC 7617). Web APIs only: the server, the checks, the attacks and the playground read it alike. */

/** Credentials carried by an `Authorization: Basic` header. */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** Longest header we bother decoding; real ones are a few dozen bytes. */
const MAX_BASIC_HEADER_LENGTH = 4096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses `Basic base64(username:password)`. Anything malformed — wrong scheme, bad base64,
 * invalid UTF-8, no colon, control characters — gives undefined rather than a throw.
 * Note what this shows: base64 is an encoding, so anyone who sees the header has the password.
 */
export function decodeBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined || header.length > MAX_BASIC_HEADER_LENGTH) return undefined;
  const match = /^Basic[ ]+(\S+)[ ]*$/i.exec(header);
  const encoded = match?.[1];
  if (encoded === undefined || encoded.length % 4 !== 0 || !BASE64.test(encoded)) return undefined;

  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
  // RFC 7617 forbids control characters; a NUL here usually means a smuggling attempt.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return undefined;

  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Builds the header a client sends, UTF-8 as RFC 7617 asks; the lesson's point is how little this protects. */
export function encodeBasicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''))}`;
}
