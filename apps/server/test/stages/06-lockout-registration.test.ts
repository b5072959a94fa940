import bcrypt from 'bcrypt';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GOOD_PASSWORD, createTestApp, register, type TestApp } from '../helpers.ts';

/**
 * Registration on stage 6 is rate-limited per client and never spends bcrypt time on a request
 * it is going to refuse, so a flood of registrations cannot starve logins of hashing threads.
 */
const STAGE = 'lockout';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => {
  vi.restoreAllMocks();
  lab.close();
});

const registrationLimit = async (): Promise<{ limit: number; windowSeconds: number }> =>
  (await request(lab.app).get(`/api/stages/${STAGE}`)).body.policy.registrationRateLimit;

describe('POST /register', () => {
  it('answers the registration past the per-client limit with 429, RateLimit headers and a JSON error', async () => {
    const { limit, windowSeconds } = await registrationLimit();
    expect({ limit, windowSeconds }).toEqual({ limit: 10, windowSeconds: 600 });
    for (let n = 0; n < limit; n += 1) {
      const response = await register(lab.app, STAGE, `user${n}`).expect(201);
      expect(response.headers.ratelimit).toMatch(new RegExp(`^"10-in-10min"; r=${limit - 1 - n}; t=\\d+$`));
    }
    const limited = await register(lab.app, STAGE, 'one-too-many').expect(429);
    expect(limited.body).toEqual({ error: 'Too many registrations, try again later', code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-policy']).toMatch(new RegExp(`^"10-in-10min"; q=${limit}; w=${windowSeconds}; pk=:[A-Za-z0-9+/=]+:$`));
    expect(limited.headers['x-auth-flow']).toBe('A,LIMIT');
    // Refused means refused: the name is still free once the window has passed.
    const names = (await request(lab.app).get(`/api/stages/${STAGE}/breach`)).body.users.map((user: { username: string }) => user.username);
    expect(names).not.toContain('one-too-many');
  });

  it('keeps the login allowance separate from the registration allowance', async () => {
    const { limit } = await registrationLimit();
    for (let n = 0; n <= limit; n += 1) await register(lab.app, STAGE, `user${n}`);
    await request(lab.app).post(`/api/stages/${STAGE}/login`).send({ username: 'user0', password: GOOD_PASSWORD }).expect(200);
  });

  it('does no hashing for a name that is already taken', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const hash = vi.spyOn(bcrypt, 'hash');
    const taken = await register(lab.app, STAGE, 'alice', 'another-long-passphrase-here').expect(409);
    expect(taken.body).toEqual({ error: 'Username already taken', code: 'username_taken' });
    expect(hash).not.toHaveBeenCalled();
  });

  it('does no hashing for a password the policy refuses', async () => {
    const hash = vi.spyOn(bcrypt, 'hash');
    await register(lab.app, STAGE, 'alice', 'short').expect(400);
    expect(hash).not.toHaveBeenCalled();
  });

  it('still answers 409 for a taken name on the other stages, exactly as before', async () => {
    for (const stage of ['plaintext', 'sha256', 'bcrypt', 'basic', 'jwt']) {
      await register(lab.app, stage, 'alice').expect(201);
      expect((await register(lab.app, stage, 'alice').expect(409)).body).toEqual({ error: 'Username already taken', code: 'username_taken' });
    }
  });
});
