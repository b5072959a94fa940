import jsonwebtoken from 'jsonwebtoken';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STAGE_IDS } from '@authlab/contract';
import { createTestApp, type TestApp } from './helpers.ts';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

describe('GET /api/health', () => {
  it('answers ok', async () => {
    const response = await request(lab.app).get('/api/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('does not advertise Express', async () => {
    const response = await request(lab.app).get('/api/health');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('sends security headers and forbids caching', async () => {
    const response = await request(lab.app).get('/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/stages', () => {
  it('lists the six stages in lesson order', async () => {
    const response = await request(lab.app).get('/api/stages').expect(200);
    const stages = response.body.stages as { id: string; order: number }[];
    expect(stages.map((stage) => stage.id)).toEqual([...STAGE_IDS]);
    expect(stages.map((stage) => stage.order)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('states each stage policy with its real numbers', async () => {
    const response = await request(lab.app).get('/api/stages');
    const byId = Object.fromEntries((response.body.stages as { id: string; policy: unknown }[]).map((s) => [s.id, s.policy]));
    expect(byId.bcrypt).toMatchObject({ passwordStorage: { scheme: 'bcrypt', salted: true, cost: 4 } });
    expect(byId.jwt).toMatchObject({ accessToken: { kind: 'jwt', ttlSeconds: 900, algorithm: 'HS256' }, lockout: null });
    expect(byId.lockout).toMatchObject({
      loginErrors: 'generic',
      lockout: { maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300, maxLockSeconds: 14_400, growth: 'doubling' },
      rateLimit: { scope: 'client-ip', route: 'login', limit: 10, windowSeconds: 60 },
      registrationRateLimit: { scope: 'client-ip', route: 'register', limit: 10, windowSeconds: 600 },
      refreshToken: { singleUse: true, ttlSeconds: 604_800, familyLifetimeSeconds: 2_592_000 },
      passwordPolicy: { minLength: 15, maxBytes: 72 },
    });
  });

  it('states the production bcrypt cost of 12 by default', async () => {
    const production = createTestApp({ settings: { bcryptCost: 12 } });
    const response = await request(production.app).get('/api/stages/lockout').expect(200);
    production.close();
    expect(response.body.policy.passwordStorage.cost).toBe(12);
  });
});

describe('GET /api/stages/:stage', () => {
  it('returns one stage with its policy', async () => {
    const response = await request(lab.app).get('/api/stages/sha256').expect(200);
    expect(response.body).toMatchObject({ id: 'sha256', order: 2, policy: { passwordStorage: { scheme: 'sha256' } } });
  });

  it('answers 404 JSON for an unknown stage, whatever route under it', async () => {
    for (const path of ['/api/stages/quantum', '/api/stages/quantum/records', '/api/stages/jwtx/records', '/api/stages/JWT/records']) {
      const response = await request(lab.app).get(path).expect(404);
      expect(response.body).toEqual({ error: 'Unknown stage', code: 'unknown_stage' });
      expect(response.headers['x-auth-flow']).toBeUndefined();
    }
  });

  it('answers 404 JSON for unknown routes anywhere', async () => {
    for (const path of ['/api/nope', '/nope', '/api/stages/plaintext/nope']) {
      const response = await request(lab.app).get(path).expect(404);
      expect(response.body.error).toBe('Not found');
    }
  });
});

describe('request bodies', () => {
  it('refuses a body over the size limit with 413 and stores nothing', async () => {
    const response = await request(lab.app)
      .post('/api/stages/plaintext/register')
      .send({ username: 'mallory', password: 'x'.repeat(20_000) })
      .expect(413);
    expect(response.body.error).toBe('Request body is too large');
    const breach = await request(lab.app).get('/api/stages/plaintext/breach');
    expect(breach.body.users).toEqual([]);
  });

  it('refuses a non-UTF-8 charset with 415', async () => {
    await request(lab.app)
      .post('/api/stages/plaintext/register')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"username":"mallory","password":"x"}')
      .expect(415);
  });
});

describe('POST /api/stages/:stage/clock (the demo clock)', () => {
  it('fast-forwards one stage so a class can watch a token expire, and /reset puts it back', async () => {
    await request(lab.app).post('/api/stages/jwt/register').send({ username: 'alice', password: 'violet-kettle-harbor-42' });
    const { body } = await request(lab.app).post('/api/stages/jwt/login').send({ username: 'alice', password: 'violet-kettle-harbor-42' });
    const records = (): request.Test => request(lab.app).get('/api/stages/jwt/records').set('Authorization', `Bearer ${body.token}`);
    await records().expect(200);

    const moved = await request(lab.app).post('/api/stages/jwt/clock').send({ advanceSeconds: 901 }).expect(200);
    expect(moved.body).toEqual({ clockOffsetSeconds: 901 });
    expect((await request(lab.app).get('/api/stages/jwt')).body.lab).toMatchObject({ clockOffsetSeconds: 901 });
    expect((await records().expect(401)).body.error).toBe('Token expired');
    expect((await request(lab.app).get('/api/stages/lockout')).body.lab).toMatchObject({ clockOffsetSeconds: 0 });

    await request(lab.app).post('/api/stages/jwt/reset').expect(204);
    expect((await request(lab.app).get('/api/stages/jwt')).body.lab).toMatchObject({ clockOffsetSeconds: 0 });
  });

  it('puts the clock back with {"reset": true}, and keeps the users and their tokens', async () => {
    await request(lab.app).post('/api/stages/jwt/register').send({ username: 'alice', password: 'violet-kettle-harbor-42' }).expect(201);
    const { body } = await request(lab.app).post('/api/stages/jwt/login').send({ username: 'alice', password: 'violet-kettle-harbor-42' });
    const records = (): request.Test => request(lab.app).get('/api/stages/jwt/records').set('Authorization', `Bearer ${body.token}`);
    await request(lab.app).post('/api/stages/jwt/clock').send({ advanceSeconds: 901 }).expect(200);
    await records().expect(401);
    expect((await request(lab.app).post('/api/stages/jwt/clock').send({ reset: true }).expect(200)).body).toEqual({ clockOffsetSeconds: 0 });
    await records().expect(200);
  });

  it.each([
    { advanceSeconds: -60 },
    { advanceSeconds: 1.5 },
    { advanceSeconds: '60' },
    { advanceSeconds: 60, extra: 1 },
    {},
    { reset: false },
    { reset: true, advanceSeconds: 60 },
  ])('refuses %j with 400', async (body) => {
    await request(lab.app).post('/api/stages/jwt/clock').send(body).expect(400);
  });
});

describe('POST /api/stages/:stage/reset', () => {
  afterEach(() => vi.restoreAllMocks());

  it("empties the stage's cache of verified tokens: a token seen before is checked in full again", async () => {
    await request(lab.app).post('/api/stages/jwt/register').send({ username: 'alice', password: 'violet-kettle-harbor-42' }).expect(201);
    const { body } = await request(lab.app).post('/api/stages/jwt/login').send({ username: 'alice', password: 'violet-kettle-harbor-42' });
    const records = (): request.Test => request(lab.app).get('/api/stages/jwt/records').set('Authorization', `Bearer ${body.token}`);
    const fullChecks = vi.spyOn(jsonwebtoken, 'verify');
    await records().expect(200);
    await records().expect(200);
    expect(fullChecks).toHaveBeenCalledTimes(1);
    await request(lab.app).post('/api/stages/jwt/reset').expect(204);
    await records();
    expect(fullChecks).toHaveBeenCalledTimes(2);
  });
});

describe('expected profiles', () => {
  it('publishes, for every stage, the verdict each practice check must give', async () => {
    const { body } = await request(lab.app).get('/api/stages');
    for (const stage of body.stages as { id: string; expectedChecks: Record<string, string> }[]) {
      expect(Object.keys(stage.expectedChecks)).toHaveLength(16);
    }
    const lockout = (body.stages as { id: string; expectedChecks: Record<string, string> }[]).find((stage) => stage.id === 'lockout');
    expect(new Set(Object.values(lockout?.expectedChecks ?? {}))).toEqual(new Set(['pass']));
  });
});
