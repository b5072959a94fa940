import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { systemClock, type Clock } from './clock.ts';

/** HS256 keys shorter than the hash output make brute-forcing the secret easier. */
export const MIN_JWT_SECRET_BYTES = 32;
/** The only algorithm we sign or accept. Pinning it is what stops `alg: none` and key confusion. */
export const JWT_ALGORITHM = 'HS256';

/** 256 random bits, the secret a deployment generates once and keeps private. */
export function generateJWTSecret(): Buffer {
  return randomBytes(MIN_JWT_SECRET_BYTES);
}

/**
 * Wraps the secret in a KeyObject once, up front. Parsing a raw secret on every sign or
 * verify is measurable work on a hot route.
 */
export function createJWTKey(secret: Uint8Array): KeyObject {
  if (secret.byteLength < MIN_JWT_SECRET_BYTES) {
    throw new RangeError(`JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes, got ${secret.byteLength}`);
  }
  return createSecretKey(secret);
}

export interface JWTOptions {
  key: KeyObject;
  /** Who issues tokens (`iss`); verification refuses tokens from anyone else. */
  issuer: string;
  /** Who the tokens are for (`aud`): a token for one API is refused by another. */
  audience: string;
  /** Lifetime of an access token. */
  ttlSeconds: number;
  clock?: Clock;
}

export interface AccessClaims {
  /** The username the token speaks for. */
  subject: string;
  /** The refresh-token family issued with it, so logout can end the whole chain. */
  sessionId?: string;
}

export interface VerifiedAccessToken extends AccessClaims {
  expiresAtSeconds: number;
}

export type VerifyResult =
  | { ok: true; token: VerifiedAccessToken }
  | { ok: false; reason: 'expired' | 'invalid' };

export interface JWTService {
  readonly ttlSeconds: number;
  issue(claims: AccessClaims): Promise<string>;
  verify(token: string): Promise<VerifyResult>;
}

export function createJWTService(options: JWTOptions): JWTService {
  const { key, issuer, audience, ttlSeconds } = options;
  const clock = options.clock ?? systemClock;
  const nowSeconds = (): number => Math.floor(clock() / 1000);
  // jose 6 signs and verifies with WebCrypto: handed a KeyObject, it exports and re-imports the
  // secret on every call. Imported once here, every later call skips that work.
  const cryptoKey = crypto.subtle.importKey('raw', key.export(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

  return {
    ttlSeconds,
    async issue(claims) {
      const issuedAt = nowSeconds();
      const payload = claims.sessionId === undefined ? {} : { sid: claims.sessionId };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
        .setSubject(claims.subject)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(await cryptoKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, await cryptoKey, {
          // Pinned: a token that names another algorithm, or none, is refused before any crypto.
          algorithms: [JWT_ALGORITHM],
          issuer,
          audience,
          // A token without an expiry would be valid forever once stolen.
          requiredClaims: ['exp', 'sub'],
          currentDate: new Date(clock()),
          typ: 'JWT',
        });
        const { sub, exp, sid } = payload;
        if (typeof sub !== 'string' || typeof exp !== 'number') return { ok: false, reason: 'invalid' };
        if (sid !== undefined && typeof sid !== 'string') return { ok: false, reason: 'invalid' };
        return { ok: true, token: { subject: sub, expiresAtSeconds: exp, ...(sid === undefined ? {} : { sessionId: sid }) } };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'invalid' };
      }
    },
  };
}
