import { createHash, randomBytes } from 'node:crypto';

/** Bytes of randomness in an opaque session or refresh token: 256 bits cannot be guessed. */
export const SESSION_TOKEN_BYTES = 32;

/** A fresh opaque token, base64url so it is safe in headers and JSON. */
export function createSessionToken(): string {
  return randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
}

/**
 * What the server stores instead of the token itself, so a database leak does not hand out
 * live sessions. A fast hash is right here: the token already carries 256 random bits.
 */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
