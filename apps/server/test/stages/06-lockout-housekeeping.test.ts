import bcrypt from 'bcrypt';
import jsonwebtoken from 'jsonwebtoken';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenAppReady } from '../../src/app.ts';
import { loadOrCreateJWTSecret } from '../../src/jwt-secret.ts';
import { createTestApp, login, register, type TestApp } from '../helpers.ts';

/**
 * What stage 6 keeps is bounded: failures of names nobody tries any more and expired refresh
 * tokens are deleted by the stage's clock; refresh families end; access tokens must look exactly
 * like the ones the stage issues; and the first unknown-name login costs no more than later ones.
 */
const STAGE = 'lockout';
const DAY_SECONDS = 24 * 60 * 60;
const NO_RATE_LIMIT = { rateLimit: { limit: 1000, windowSeconds: 60 } };

let lab: TestApp;
afterEach(() => {
  vi.restoreAllMocks();
  lab.close();
});

const rows = (table: string): number => lab.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE stage = ?`).pluck().get(STAGE) as number;

describe('housekeeping', () => {
  it('deletes the failures of sprayed names once a day has passed without another', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    for (let n = 0; n < 40; n += 1) await login(lab.app, STAGE, `sprayed-${n}`, 'wrong-guess-123').expect(401);
    expect(rows('lockouts')).toBe(40);
    lab.clock.advanceSeconds(DAY_SECONDS);
    await login(lab.app, STAGE, 'next-one', 'wrong-guess-123').expect(401);
    expect(rows('lockouts')).toBe(1);
  });

  it('keeps a name whose failures still count', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    for (let n = 0; n < 5; n += 1) await login(lab.app, STAGE, 'alice', 'wrong-guess-123').expect(401);
    lab.clock.advanceSeconds(DAY_SECONDS - 60);
    await login(lab.app, STAGE, 'someone-else', 'wrong-guess-123').expect(401);
    expect(rows('lockouts')).toBe(2);
  });

  it('deletes refresh tokens once they have expired', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    await register(lab.app, STAGE, 'alice').expect(201);
    const { refreshToken } = (await login(lab.app, STAGE, 'alice').expect(200)).body;
    await request(lab.app).post(`/api/stages/${STAGE}/refresh`).send({ refreshToken }).expect(200);
    expect(rows('refresh_tokens')).toBe(2);
    const { ttlSeconds } = (await request(lab.app).get(`/api/stages/${STAGE}`)).body.policy.refreshToken;
    lab.clock.advanceSeconds(ttlSeconds);
    await login(lab.app, STAGE, 'alice').expect(200);
    // The spent one and its successor are gone; the login just now made one.
    expect(rows('refresh_tokens')).toBe(1);
  });
});

describe('refresh families', () => {
  it('end at their absolute lifetime, however often they are rotated', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    const { ttlSeconds, familyLifetimeSeconds } = (await request(lab.app).get(`/api/stages/${STAGE}`)).body.policy.refreshToken;
    expect(familyLifetimeSeconds).toBe(30 * DAY_SECONDS);
    await register(lab.app, STAGE, 'alice').expect(201);
    let { refreshToken } = (await login(lab.app, STAGE, 'alice').expect(200)).body;
    let elapsedSeconds = 0;
    // A thief refreshing just before each token expires, for as long as the family allows.
    while (elapsedSeconds + ttlSeconds - 60 < familyLifetimeSeconds) {
      lab.clock.advanceSeconds(ttlSeconds - 60);
      elapsedSeconds += ttlSeconds - 60;
      ({ refreshToken } = (await request(lab.app).post(`/api/stages/${STAGE}/refresh`).send({ refreshToken }).expect(200)).body);
    }
    lab.clock.advanceSeconds(familyLifetimeSeconds - elapsedSeconds);
    const ended = await request(lab.app).post(`/api/stages/${STAGE}/refresh`).send({ refreshToken }).expect(401);
    expect(ended.body.code).toBe('refresh_expired');
  });
});

describe('access tokens', () => {
  it('refuses a token signed with the real key but valid until the year 9999', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    const nowSeconds = Math.floor(lab.clock.now() / 1000);
    const claims = { sub: 'alice', iss: 'authlab', aud: 'lockout', iat: nowSeconds, exp: Date.UTC(9999, 0, 1) / 1000 };
    const forged = jsonwebtoken.sign(claims, loadOrCreateJWTSecret(lab.dataDir), { algorithm: 'HS256' });
    const response = await request(lab.app).get(`/api/stages/${STAGE}/records`).set('Authorization', `Bearer ${forged}`).expect(401);
    expect(response.body.code).toBe('invalid_token');
  });
});

describe('the dummy hash', () => {
  it('exists before the first request, so the first unknown-name login hashes nothing new', async () => {
    lab = createTestApp({ settings: NO_RATE_LIMIT });
    await whenAppReady(lab.app);
    const hash = vi.spyOn(bcrypt, 'hash');
    const compare = vi.spyOn(bcrypt, 'compare');
    await login(lab.app, STAGE, 'nobody-at-all', 'wrong-guess-123').expect(401);
    expect(hash).not.toHaveBeenCalled();
    expect(compare).toHaveBeenCalledTimes(1);
  });
});
