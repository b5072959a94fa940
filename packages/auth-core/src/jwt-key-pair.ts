import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import jsonwebtoken from 'jsonwebtoken';
import { systemClock, type Clock } from './clock.ts';
import type { AccessClaims, VerifyResult } from './jwt.ts';

/**
 * Asymmetric signing, for when more than one service checks tokens: the issuer signs with a
 * private key it never shares, and every verifier gets only the public key. A public key checks
 * a signature but cannot make one, so a verifier that is broken into cannot mint tokens — unlike
 * HS256, where the checking secret is the signing secret.
 */

/** ECDSA on P-256 with SHA-256: short keys, short signatures, and the only algorithm accepted. */
const ASYMMETRIC_JWT_ALGORITHM = 'ES256';

export interface SigningKeyPair {
  /** Stays with the issuer. */
  privateKey: KeyObject;
  /** Handed to verifiers, for example as a JWKS. */
  publicKey: KeyObject;
}

const generateECKeyPair = promisify(generateKeyPair);

/** A fresh P-256 key pair, made off the event loop. */
export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  const { privateKey, publicKey } = await generateECKeyPair('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey };
}

/** A JSON Web Key Set (RFC 7517) with the public key only: what an issuer publishes for verifiers. */
export function publicJWKS(publicKey: KeyObject, keyId: string): { keys: object[] } {
  if (publicKey.type !== 'public') throw new TypeError('a JWKS must hold public keys only');
  return { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: ASYMMETRIC_JWT_ALGORITHM, use: 'sig' }] };
}

interface KeyPairJWTOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock?: Clock;
}

/** Signs access tokens; only the issuer, which holds the private key, can. */
export function createKeyPairJWTIssuer(options: KeyPairJWTOptions & { privateKey: KeyObject }): { issue(claims: AccessClaims): string } {
  const clock = options.clock ?? systemClock;
  return {
    issue(claims) {
      const issuedAt = Math.floor(clock() / 1000);
      const payload = { sub: claims.subject, iss: options.issuer, aud: options.audience, iat: issuedAt, exp: issuedAt + options.ttlSeconds };
      return jsonwebtoken.sign(payload, options.privateKey, { algorithm: ASYMMETRIC_JWT_ALGORITHM, header: { alg: ASYMMETRIC_JWT_ALGORITHM, typ: 'JWT' } });
    },
  };
}

/** Checks access tokens with the public key alone. */
export function createKeyPairJWTVerifier(options: KeyPairJWTOptions & { publicKey: KeyObject }): { verify(token: string): VerifyResult } {
  const clock = options.clock ?? systemClock;
  return {
    verify(token) {
      const now = Math.floor(clock() / 1000);
      try {
        const payload = jsonwebtoken.verify(token, options.publicKey, {
          // Pinned: an HS256 token "signed" with the public key as its secret is refused before any check.
          algorithms: [ASYMMETRIC_JWT_ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          clockTimestamp: now,
          maxAge: options.ttlSeconds,
        });
        if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
          return { ok: false, reason: 'invalid' };
        }
        return { ok: true, token: { subject: payload.sub, expiresAtSeconds: payload.exp } };
      } catch (error) {
        return { ok: false, reason: error instanceof jsonwebtoken.TokenExpiredError ? 'expired' : 'invalid' };
      }
    },
  };
}
