import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import jsonwebtoken, { type JwtHeader } from 'jsonwebtoken';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateJWTSecret } from '../../src/jwt-secret.ts';
import { createTestApp, getRecords, login, register, type TestApp } from '../helpers.ts';

/**
 * Forged and misused tokens on both JWT stages. The stage tests already refuse `alg: none`, a
 * changed payload, another secret and another stage's audience (test/stages/05-jwt.test.ts,
 * 06-lockout.test.ts); these are the attacks they leave out. The nastiest ones are signed with
 * the server's real secret, so only the checks themselves (pinned algorithm, required expiry,
 * the key never taken from the token) stand between them and the records.
 */
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed by hand, so the header can say anything, including what jsonwebtoken refuses to sign. */
function handSigned(header: object, payload: object, key: Uint8Array | string, hash = 'sha256'): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

describe.each(['jwt', 'lockout'] as const)('stage %s refuses', (stage) => {
  let lab: TestApp;
  let secret: Buffer;
  let tokens: { token: string; refreshToken: string };
  beforeEach(async () => {
    lab = createTestApp();
    secret = loadOrCreateJWTSecret(lab.dataDir);
    await register(lab.app, stage, 'alice').expect(201);
    tokens = (await login(lab.app, stage, 'alice').expect(200)).body;
  });
  afterEach(() => lab.close());

  const now = (): number => Math.floor(lab.clock.now() / 1000);
  const claims = (): Record<string, unknown> => ({ sub: 'alice', iss: 'authlab', aud: stage, iat: now(), exp: now() + 900 });

  async function expectRefused(token: string): Promise<void> {
    const response = await getRecords(lab.app, stage, `Bearer ${token}`).expect(401);
    expect(response.body).toEqual({ error: 'Missing or invalid token', code: 'invalid_token' });
  }

  it('accepts the genuine token, so each refusal below is about the forgery', async () => {
    await getRecords(lab.app, stage, `Bearer ${tokens.token}`).expect(200);
    // The same claims, signed by hand with the real secret, are accepted too: the helper is sound.
    await getRecords(lab.app, stage, `Bearer ${handSigned({ alg: 'HS256', typ: 'JWT' }, claims(), secret)}`).expect(200);
  });

  it('a token without an expiry, signed with the real secret', async () => {
    const { exp: _exp, ...forever } = claims();
    await expectRefused(handSigned({ alg: 'HS256', typ: 'JWT' }, forever, secret));
  });

  it.each(['HS384', 'HS512'])('a token signed with the real secret but %s instead of HS256', async (alg) => {
    await expectRefused(handSigned({ alg, typ: 'JWT' }, claims(), secret, `sha${alg.slice(2)}`));
  });

  it('an RS256-labelled token whose signature is an HMAC (the key-confusion attack)', async () => {
    await expectRefused(handSigned({ alg: 'RS256', typ: 'JWT' }, claims(), secret));
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('alg %s, even when a valid signature is left attached', async (alg) => {
    const signed = handSigned({ alg: 'HS256', typ: 'JWT' }, claims(), secret);
    await expectRefused(`${encode({ alg, typ: 'JWT' })}.${signed.split('.')[1]}.${signed.split('.')[2]}`);
    await expectRefused(`${encode({ alg, typ: 'JWT' })}.${signed.split('.')[1]}.`);
  });

  it('a token carrying its own secret in a jwk header', async () => {
    const attackerKey = randomBytes(32);
    const jwk = { kty: 'oct', k: attackerKey.toString('base64url'), alg: 'HS256' };
    await expectRefused(handSigned({ alg: 'HS256', typ: 'JWT', jwk }, claims(), attackerKey));
  });

  it('a token signed with an attacker key pair whose public half rides in the jwk header', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // jsonwebtoken's header type leaves out jwk; it signs the header as given.
    const header = { alg: 'ES256', typ: 'JWT', jwk: publicKey.export({ format: 'jwk' }) } as JwtHeader;
    await expectRefused(jsonwebtoken.sign(claims(), privateKey, { algorithm: 'ES256', header }));
  });

  it('a token pointing at a key set on another host with a jku header', async () => {
    const attackerKey = randomBytes(32);
    await expectRefused(handSigned({ alg: 'HS256', typ: 'JWT', jku: 'http://attacker.example/jwks.json', kid: 'evil' }, claims(), attackerKey));
  });

  it.each([
    ['a path to an empty file, signed with an empty key', '../../../../../../dev/null', ''],
    ['a SQL injection, signed with its own text', "x' UNION SELECT 'key", 'key'],
  ])('a kid header naming %s', async (_name, kid, key) => {
    await expectRefused(handSigned({ alg: 'HS256', typ: 'JWT', kid }, claims(), key));
  });

  it('a refresh token presented as an access token', async () => {
    await expectRefused(tokens.refreshToken);
  });

  it('a token signed with the refresh token as its secret', async () => {
    await expectRefused(handSigned({ alg: 'HS256', typ: 'JWT' }, claims(), tokens.refreshToken));
  });

  it('an access token presented as a refresh token', async () => {
    const response = await request(lab.app).post(`/api/stages/${stage}/refresh`).send({ refreshToken: tokens.token });
    // A JWT is longer than a refresh token may be, or unknown when it fits: refused either way.
    expect([400, 401]).toContain(response.status);
    const shortened = await request(lab.app)
      .post(`/api/stages/${stage}/refresh`)
      .send({ refreshToken: tokens.token.slice(0, 43) })
      .expect(401);
    expect(shortened.body.code).toBe('refresh_unknown');
  });

  it('a token whose typ claims to be something other than a JWT', async () => {
    await expectRefused(handSigned({ alg: 'HS256', typ: 'at+jwt' }, claims(), secret));
  });

  it('a token that only becomes valid in the future (nbf)', async () => {
    await expectRefused(jsonwebtoken.sign({ ...claims(), nbf: now() + 600 }, secret, { algorithm: 'HS256' }));
  });
});
