import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from './clock.ts';

/** HS256 keys shorter than the hash output make brute-forcing the secret easier. */
export const MIN_JWT_SECRET_BYTES = 32;
/** The only algorithm we sign or accept. Pinning it is what stops `alg: none` and key confusion. */
const JWT_ALGORITHM = 'HS256';

/** 256 random bits, the secret a deployment generates once and keeps private. */
export function generateJWTSecret(): Buffer {
  return randomBytes(MIN_JWT_SECRET_BYTES);
}

/**
 * Wraps the secret in a KeyObject once, up front. Handed a string or raw bytes instead,
 * jsonwebtoken builds a new key on every sign and verify, which slows a protected route about 5×.
 */
export function createJWTKey(secret: Uint8Array): KeyObject {
  if (secret.byteLength < MIN_JWT_SECRET_BYTES) {
    throw new RangeError(`JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes, got ${secret.byteLength}`);
  }
  return createSecretKey(secret);
}

/** How many verified tokens a service remembers; a client reusing its token skips the HMAC. */
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

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

export type VerifyResult = { ok: true; token: VerifiedAccessToken } | { ok: false; reason: 'expired' | 'invalid' };

export interface VerifyOptions {
  /**
   * `false` accepts a token past its expiry, everything else checked as ever: only for the lab's
   * instructor mistake that shows why the expiry check matters. Defaults to `true`.
   */
  checkExpiry?: boolean;
}

export interface JWTService {
  readonly ttlSeconds: number;
  issue(claims: AccessClaims): Promise<string>;
  verify(token: string, options?: VerifyOptions): Promise<VerifyResult>;
  /** Forgets every token verified so far: the next verify of any of them checks it in full. */
  forget(): void;
}

/** What a verified token proved, kept so the same token next time costs a lookup. */
interface VerifiedEntry {
  token: VerifiedAccessToken;
  notBeforeSeconds: number | undefined;
}

export function createJWTService(options: JWTOptions): JWTService {
  const { key, issuer, audience, ttlSeconds } = options;
  const clock = options.clock ?? systemClock;
  const nowSeconds = (): number => Math.floor(clock() / 1000);
  // Keyed by the whole token, signature included: a token that differs by one byte is a miss
  // and is checked in full. Only time can change a cached answer, so every hit re-checks it.
  // Bounded in number and in time: an entry lives at most one token lifetime, and goes at the
  // first use after its token expired. A new key is a new service with an empty cache; `forget`
  // empties this one (the lab's /reset).
  const verified = new LRUCache<string, VerifiedEntry>({ max: VERIFIED_TOKEN_CACHE_SIZE, ttl: ttlSeconds * 1000 });

  function checkSignatureAndClaims(token: string, now: number, checkExpiry: boolean): VerifiedEntry | 'expired' | 'invalid' {
    try {
      const { header, payload } = jsonwebtoken.verify(token, key, {
        // Pinned: a token that names another algorithm, or none, is refused before any crypto.
        algorithms: [JWT_ALGORITHM],
        issuer,
        audience,
        clockTimestamp: now,
        // Measured from `iat`, as a second bound besides `exp`; both are the expiry check.
        ...(checkExpiry ? { maxAge: ttlSeconds } : { ignoreExpiration: true }),
        complete: true,
      });
      if (header.typ !== 'JWT' || typeof payload !== 'object') return 'invalid';
      const { sub, exp, iat, nbf, sid, aud } = payload;
      // A token without an expiry would be valid forever once stolen.
      if (typeof sub !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') return 'invalid';
      // Exactly one audience, ours: a token minted for several services is a token for none.
      if (aud !== audience) return 'invalid';
      // Only what `issue` would have made: issued in the past, living no longer than ttlSeconds.
      // A token with `exp` in the year 9999 was not made by us, whatever its signature says.
      if (iat > now || exp - iat > ttlSeconds) return 'invalid';
      if (sid !== undefined && typeof sid !== 'string') return 'invalid';
      return { token: { subject: sub, expiresAtSeconds: exp, ...(sid === undefined ? {} : { sessionId: sid }) }, notBeforeSeconds: nbf };
    } catch (error) {
      return error instanceof jsonwebtoken.TokenExpiredError ? 'expired' : 'invalid';
    }
  }

  // An HMAC over a few hundred bytes takes microseconds, so signing and verifying run inline;
  // nothing bcrypt-sized ever runs synchronously on a request.
  return {
    ttlSeconds,
    async issue(claims) {
      const issuedAt = nowSeconds();
      const payload = {
        sub: claims.subject,
        iss: issuer,
        aud: audience,
        iat: issuedAt,
        exp: issuedAt + ttlSeconds,
        ...(claims.sessionId === undefined ? {} : { sid: claims.sessionId }),
      };
      return jsonwebtoken.sign(payload, key, { algorithm: JWT_ALGORITHM, header: { alg: JWT_ALGORITHM, typ: 'JWT' } });
    },
    async verify(token, { checkExpiry = true } = {}) {
      const now = nowSeconds();
      let entry = verified.get(token);
      if (entry === undefined) {
        const checked = checkSignatureAndClaims(token, now, checkExpiry);
        if (typeof checked === 'string') return { ok: false, reason: checked };
        verified.set(token, (entry = checked));
      }
      // The same rules jsonwebtoken applies, for a token whose signature is already known good.
      // (Past `exp` is past the `iat` + ttlSeconds bound too: `exp - iat` is at most ttlSeconds.)
      if (checkExpiry && now >= entry.token.expiresAtSeconds) {
        verified.delete(token);
        return { ok: false, reason: 'expired' };
      }
      if (entry.notBeforeSeconds !== undefined && entry.notBeforeSeconds > now) return { ok: false, reason: 'invalid' };
      return { ok: true, token: entry.token };
    },
    forget() {
      verified.clear();
    },
  };
}
