import type { KeyObject } from 'node:crypto';
import jsonwebtoken, { type Algorithm, type JwtHeader } from 'jsonwebtoken';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_JWT_SECRET_BYTES, createJWTKey, createJWTService, generateJWTSecret } from './jwt.ts';

const ISSUER = 'authlab';
const AUDIENCE = 'authlab-api';
const TTL = 900;
const START_MS = 1_700_000_000_000;

let now = START_MS;
const clock = () => now;
const key = createJWTKey(generateJWTSecret());
const otherKey = createJWTKey(generateJWTSecret());
const service = (overrides: { issuer?: string; audience?: string } = {}) =>
  createJWTService({ key, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL, clock, ...overrides });

beforeEach(() => {
  now = START_MS;
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodeSegment = (segment: string): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

/** A header jsonwebtoken signs as given; `jwk` is one its types leave out. */
type ForgedHeader = Partial<JwtHeader> & { jwk?: JsonWebKey };

/**
 * Signs exactly `claims` (plus sub and iss), with the real key and header: only the claims are odd.
 * jsonwebtoken adds an `iat` of its own unless told not to, so a token without one stays without.
 */
function signClaims(claims: Record<string, unknown>): string {
  return jsonwebtoken.sign({ sub: 'alice', iss: ISSUER, ...claims }, key, { algorithm: 'HS256', noTimestamp: claims.iat === undefined });
}

/** Hand-signs a token that is valid in every way the caller does not override; it is signed with the header's alg. */
function forge(options: { signWith?: KeyObject; header?: ForgedHeader; exp?: boolean; claims?: Record<string, unknown> } = {}): string {
  const nowSeconds = Math.floor(now / 1000);
  const payload = {
    ...options.claims,
    sub: 'alice',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: nowSeconds,
    ...(options.exp === false ? {} : { exp: nowSeconds + TTL }),
  };
  const header = { alg: 'HS256', typ: 'JWT', ...options.header };
  return jsonwebtoken.sign(payload, options.signWith ?? key, { algorithm: header.alg as Algorithm, header: header as JwtHeader });
}

describe('generateJWTSecret and createJWTKey', () => {
  it('generates 32 fresh random bytes each time', () => {
    const secret = generateJWTSecret();
    expect(MIN_JWT_SECRET_BYTES).toBe(32);
    expect(secret).toHaveLength(32);
    expect(secret.equals(generateJWTSecret())).toBe(false);
  });

  it('refuses a 31-byte secret', () => {
    expect(() => createJWTKey(new Uint8Array(31))).toThrow(RangeError);
  });

  it('wraps a 32-byte secret in a secret KeyObject', () => {
    const wrapped = createJWTKey(new Uint8Array(32));
    expect(wrapped.type).toBe('secret');
    expect(wrapped.symmetricKeySize).toBe(32);
  });
});

describe('createJWTService', () => {
  it('verifies its own token and returns the subject, session id and expiry', async () => {
    const jwt = service();
    const result = await jwt.verify(await jwt.issue({ subject: 'alice', sessionId: 'family-1' }));
    expect(result).toEqual({ ok: true, token: { subject: 'alice', sessionId: 'family-1', expiresAtSeconds: START_MS / 1000 + TTL } });
  });

  it('leaves sessionId out when the token was issued without one', async () => {
    const jwt = service();
    const result = await jwt.verify(await jwt.issue({ subject: 'bob' }));
    expect(result.ok && result.token).toEqual({ subject: 'bob', expiresAtSeconds: START_MS / 1000 + TTL });
    expect(result.ok && result.token).not.toHaveProperty('sessionId');
  });

  it('still accepts a token one second before it expires', async () => {
    const token = await service().issue({ subject: 'alice' });
    now += (TTL - 1) * 1000;
    expect((await service().verify(token)).ok).toBe(true);
  });

  it('reports expired once the clock reaches the token lifetime', async () => {
    const token = await service().issue({ subject: 'alice' });
    now += TTL * 1000;
    expect(await service().verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  describe("with checkExpiry: false (the lab's skip-exp-check mistake)", () => {
    it('accepts its own token a day past its expiry, and refuses it again with the check back on', async () => {
      const jwt = service();
      const token = await jwt.issue({ subject: 'alice' });
      now += 24 * 60 * 60 * 1000;
      expect(await jwt.verify(token, { checkExpiry: false })).toMatchObject({ ok: true, token: { subject: 'alice' } });
      expect(await jwt.verify(token)).toEqual({ ok: false, reason: 'expired' });
    });

    it('still refuses an expired token that was altered or signed with another key', async () => {
      const token = await service().issue({ subject: 'alice' });
      const forged = forge({ signWith: otherKey });
      now += 24 * 60 * 60 * 1000;
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const altered = `${header}.${b64url({ ...decodeSegment(payload), sub: 'admin' })}.${signature}`;
      expect(await service().verify(altered, { checkExpiry: false })).toEqual({ ok: false, reason: 'invalid' });
      expect(await service().verify(forged, { checkExpiry: false })).toEqual({ ok: false, reason: 'invalid' });
    });
  });

  describe('its cache of verified tokens', () => {
    afterEach(() => vi.restoreAllMocks());

    it('answers a token verified before without checking its signature again, until forget() empties it', async () => {
      const jwt = service();
      const token = await jwt.issue({ subject: 'alice' });
      const fullChecks = vi.spyOn(jsonwebtoken, 'verify');
      await jwt.verify(token);
      await jwt.verify(token);
      expect(fullChecks).toHaveBeenCalledTimes(1);
      jwt.forget();
      expect((await jwt.verify(token)).ok).toBe(true);
      expect(fullChecks).toHaveBeenCalledTimes(2);
    });

    it('drops a token once it has expired: the next use checks it in full again', async () => {
      const jwt = service();
      const token = await jwt.issue({ subject: 'alice' });
      const fullChecks = vi.spyOn(jsonwebtoken, 'verify');
      await jwt.verify(token);
      now += TTL * 1000;
      expect(await jwt.verify(token)).toEqual({ ok: false, reason: 'expired' });
      expect(await jwt.verify(token)).toEqual({ ok: false, reason: 'expired' });
      expect(fullChecks).toHaveBeenCalledTimes(2);
    });
  });

  describe('with a token it has verified before', () => {
    it('still reports it expired once the clock reaches its lifetime', async () => {
      const jwt = service();
      const token = await jwt.issue({ subject: 'alice' });
      expect((await jwt.verify(token)).ok).toBe(true);
      now += TTL * 1000;
      expect(await jwt.verify(token)).toEqual({ ok: false, reason: 'expired' });
    });

    it('refuses it again when the clock moves back before its not-before time', async () => {
      const jwt = service();
      const token = forge({ claims: { nbf: Math.floor(now / 1000) + 60 } });
      expect(await jwt.verify(token)).toEqual({ ok: false, reason: 'invalid' });
      now += 60_000;
      expect((await jwt.verify(token)).ok).toBe(true);
      now -= 60_000;
      expect(await jwt.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    });

    it('refuses a copy with the first signature character changed', async () => {
      const jwt = service();
      const token = await jwt.issue({ subject: 'alice' });
      expect((await jwt.verify(token)).ok).toBe(true);
      const signatureStart = token.lastIndexOf('.') + 1;
      const changed = token[signatureStart] === 'A' ? 'B' : 'A';
      const tampered = `${token.slice(0, signatureStart)}${changed}${token.slice(signatureStart + 1)}`;
      expect(await jwt.verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
    });
  });

  it('accepts a hand-built token signed with the real key, so the forgeries below fail only for their defect', async () => {
    expect((await service().verify(forge())).ok).toBe(true);
  });

  it('refuses a token with one character of the payload segment changed', async () => {
    const [header, payload, signature] = (await service().issue({ subject: 'alice' })).split('.') as [string, string, string];
    const middle = Math.floor(payload.length / 2);
    const changed = payload[middle] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload.slice(0, middle)}${changed}${payload.slice(middle + 1)}.${signature}`;
    expect(await service().verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a re-encoded payload naming another subject under the original signature', async () => {
    const [header, payload, signature] = (await service().issue({ subject: 'alice' })).split('.') as [string, string, string];
    const forged = `${header}.${b64url({ ...decodeSegment(payload), sub: 'admin' })}.${signature}`;
    expect(await service().verify(forged)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an unsigned alg "none" token', async () => {
    const [, payload] = forge().split('.') as [string, string];
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    expect(await service().verify(unsigned)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token signed with another key', async () => {
    expect(await service().verify(forge({ signWith: otherKey }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token signed with HS512 even under the right key', async () => {
    expect(await service().verify(forge({ header: { alg: 'HS512' } }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a correctly signed token that has no expiry', async () => {
    expect(await service().verify(forge({ exp: false }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a correctly signed token that lives far longer than the service issues (exp in 9999)', async () => {
    const token = signClaims({ aud: AUDIENCE, iat: Math.floor(now / 1000), exp: Date.UTC(9999, 0, 1) / 1000 });
    expect(await service().verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a correctly signed token without an issue time', async () => {
    const withoutIat = signClaims({ aud: AUDIENCE, exp: Math.floor(now / 1000) + TTL });
    expect(await service().verify(withoutIat)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token issued in the future', async () => {
    const early = forge();
    now -= 60_000;
    expect(await service().verify(early)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token that names our audience among others', async () => {
    const shared = signClaims({ aud: [AUDIENCE, 'billing-api'], iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + TTL });
    expect(await service().verify(shared)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a session id that is not a string', async () => {
    expect(await service().verify(forge({ claims: { sid: 42 } }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token issued for another audience with the same key', async () => {
    const token = await service({ audience: 'billing-api' }).issue({ subject: 'alice' });
    expect(await service().verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token from another issuer with the same key', async () => {
    const token = await service({ issuer: 'evil-issuer' }).issue({ subject: 'alice' });
    expect(await service().verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  const attackerSecret = otherKey.export().toString('base64url');
  it.each<[string, ForgedHeader]>([
    ['an embedded jwk', { jwk: { kty: 'oct', k: attackerSecret } }],
    ['a jku pointing at the attacker', { jku: 'https://attacker.example/jwks.json' }],
    ['a kid naming the attacker key', { kid: 'attacker-key' }],
    ['a path-traversal kid', { kid: '../../../../dev/null' }],
  ])('refuses a token with %s signed with a different key', async (_label, header) => {
    const token = forge({ signWith: otherKey, header });
    expect(await service().verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['not a JWT', 'not.a.jwt'],
    ['an empty string', ''],
    ['a four-part token', 'four.part.token.here'],
  ])('refuses %s', async (_label, token) => {
    expect(await service().verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a real token with a fourth segment appended', async () => {
    const token = await service().issue({ subject: 'alice' });
    expect(await service().verify(`${token}.${token.split('.')[2]}`)).toEqual({ ok: false, reason: 'invalid' });
  });
});
