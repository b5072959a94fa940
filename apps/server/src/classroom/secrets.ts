import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The classroom's credentials: random base64url strings, kept only as SHA-256 digests and
 * compared with timingSafeEqual. Each has 256 random bits, so a plain hash is enough: there is
 * nothing to guess that a slow or keyed hash would protect.
 */

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Constant-time: how much of a guess matched never shows in how long the answer takes. */
export function matchesDigest(secret: string, digest: Buffer): boolean {
  return timingSafeEqual(digestOf(secret), digest);
}
