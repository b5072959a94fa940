import { createSecretKey } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyPairJWTIssuer, createKeyPairJWTVerifier, generateSigningKeyPair, publicJWKS, type SigningKeyPair } from './jwt-key-pair.ts';

const OPTIONS = { issuer: 'authlab', audience: 'records-api', ttlSeconds: 900 };
const START_MS = 1_700_000_000_000;
let now = START_MS;
const clock = (): number => now;
beforeEach(() => {
  now = START_MS;
});

let issuerKeys: SigningKeyPair;
let otherKeys: SigningKeyPair;
beforeAll(async () => {
  [issuerKeys, otherKeys] = await Promise.all([generateSigningKeyPair(), generateSigningKeyPair()]);
});

const issuer = () => createKeyPairJWTIssuer({ ...OPTIONS, privateKey: issuerKeys.privateKey, clock });
const verifier = () => createKeyPairJWTVerifier({ ...OPTIONS, publicKey: issuerKeys.publicKey, clock });

describe('tokens signed with a key pair', () => {
  it('are checked by a verifier that holds only the public key', () => {
    const token = issuer().issue({ subject: 'alice' });
    expect(verifier().verify(token)).toEqual({ ok: true, token: { subject: 'alice', expiresAtSeconds: Math.floor(now / 1000) + 900 } });
  });

  it('cannot be signed with the public key: it is no signing key', () => {
    expect(() => jsonwebtoken.sign({ sub: 'mallory' }, issuerKeys.publicKey, { algorithm: 'ES256' })).toThrow();
  });

  it('refuses a token "signed" with the public key as an HS256 secret (key confusion)', () => {
    const publicPEM = issuerKeys.publicKey.export({ type: 'spki', format: 'pem' });
    const iat = Math.floor(now / 1000);
    const forged = jsonwebtoken.sign({ sub: 'mallory', iss: 'authlab', aud: 'records-api', iat, exp: iat + 900 }, createSecretKey(Buffer.from(publicPEM)), {
      algorithm: 'HS256',
    });
    expect(verifier().verify(forged)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token signed with someone else’s private key', () => {
    const stranger = createKeyPairJWTIssuer({ ...OPTIONS, privateKey: otherKeys.privateKey, clock });
    expect(verifier().verify(stranger.issue({ subject: 'alice' }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token whose payload was edited after signing', () => {
    const [header, , signature] = issuer().issue({ subject: 'alice' }).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', iss: 'authlab', aud: 'records-api', iat: 1, exp: 9_999_999_999 })).toString('base64url');
    expect(verifier().verify(`${header}.${payload}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reports a token past its lifetime as expired', () => {
    const token = issuer().issue({ subject: 'alice' });
    now += 900_000;
    expect(verifier().verify(token)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('publicJWKS', () => {
  it('publishes the public key for verifiers, without any private part', () => {
    const jwks = publicJWKS(issuerKeys.publicKey, 'lab-1');
    expect(jwks.keys).toEqual([{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: 'lab-1', alg: 'ES256', use: 'sig' }]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('refuses to publish a private key', () => {
    expect(() => publicJWKS(issuerKeys.privateKey, 'oops')).toThrow(TypeError);
  });
});
