import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAGE_IDS } from '@authlab/contract';
import { GOOD_PASSWORD, createTestApp, getRecords, login, register, signIn, type TestApp } from './helpers.ts';

/** The HTTP contract every stage shares, however insecure it is on purpose. */
describe.each(STAGE_IDS)('stage %s', (stage) => {
  let lab: TestApp;
  const url = (path: string): string => `/api/stages/${stage}${path}`;

  beforeEach(() => {
    lab = createTestApp();
  });
  afterEach(() => lab.close());

  describe('POST /register', () => {
    it('creates a user and answers 201 with the username', async () => {
      const response = await register(lab.app, stage, 'alice').expect(201);
      expect(response.body).toEqual({ username: 'alice' });
      expect(response.headers['x-auth-flow']).toBe('A,REG');
    });

    it('lower-cases usernames so one person cannot register twice', async () => {
      await register(lab.app, stage, 'Alice').expect(201);
      const response = await register(lab.app, stage, 'ALICE').expect(409);
      expect(response.body).toEqual({ error: 'Username already taken', code: 'username_taken' });
      expect(response.headers['x-auth-flow']).toBe('A,BAD');
    });

    it('lets exactly one of many concurrent registrations of a name win', async () => {
      // Ten: within stage 6's per-client registration limit, so only the race decides.
      const responses = await Promise.all(Array.from({ length: 10 }, () => register(lab.app, stage, 'racer')));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
      const breach = await request(lab.app).get(url('/breach'));
      expect(breach.body.users).toHaveLength(1);
    });

    const badBodies: [string, unknown, RegExp][] = [
      ['a missing password', { username: 'alice' }, /password is required/],
      ['a missing username', { password: GOOD_PASSWORD }, /username is required/],
      ['a number for a username', { username: 42, password: GOOD_PASSWORD }, /username must be a string/],
      ['an object for a password', { username: 'alice', password: { $gt: '' } }, /password must be a string/],
      ['an extra field', { username: 'alice', password: GOOD_PASSWORD, role: 'admin' }, /Unexpected field: role/],
      ['a __proto__ key', JSON.parse(`{"username":"alice","password":"${GOOD_PASSWORD}","__proto__":{"admin":true}}`), /Unexpected field/],
      ['an array body', [1, 2], /JSON object/],
      ['a username with spaces', { username: 'al ice', password: GOOD_PASSWORD }, /username may use/],
      ['a two-letter username', { username: 'al', password: GOOD_PASSWORD }, /at least 3/],
      ['a unicode username', { username: 'ålice', password: GOOD_PASSWORD }, /username may use/],
      ['an empty password', { username: 'alice', password: '' }, /must not be empty/],
      ['a lone surrogate in the password', { username: 'alice', password: 'abc\uD800defgh' }, /invalid Unicode/],
      ['a NUL in the password', { username: 'alice', password: 'abc\u0000defgh' }, /NUL/],
    ];
    it.each(badBodies)('answers 400 JSON for %s and stores nothing', async (_name, body, message) => {
      const response = await request(lab.app)
        .post(url('/register'))
        .send(body as object)
        .expect(400);
      expect(response.body.error).toMatch(message);
      expect(response.body.code).toBe('invalid_input');
      const breach = await request(lab.app).get(url('/breach'));
      expect(breach.body.users).toEqual([]);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await request(lab.app).post(url('/register')).set('Content-Type', 'application/json').send('{"username":"alice","password":').expect(400);
      expect(response.body).toEqual({ error: 'Request body is not valid JSON', code: 'malformed_json' });
      expect(response.headers['x-auth-flow']).toBe('A,BAD');
    });

    it('answers 415 for a form-encoded body', async () => {
      await request(lab.app).post(url('/register')).type('form').send('username=alice&password=x').expect(415);
    });
  });

  describe('GET /records', () => {
    it('returns made-up patient records to a signed-in user', async () => {
      const authorization = await signIn(lab.app, stage, 'alice');
      const response = await getRecords(lab.app, stage, authorization).expect(200);
      expect(response.body.user).toBe('alice');
      expect(response.body.records.length).toBeGreaterThan(0);
      expect(response.body.records[0]).toHaveProperty('patient');
    });

    it('answers 401 JSON with a WWW-Authenticate challenge when no credentials are sent', async () => {
      const response = await request(lab.app).get(url('/records')).expect(401);
      expect(response.body.error).toEqual(expect.any(String));
      const scheme = stage === 'basic' ? 'Basic' : 'Bearer';
      expect(response.headers['www-authenticate']).toMatch(new RegExp(`^${scheme} realm="authlab-${stage}"`));
    });

    it.each(['', 'Bearer', 'Bearer a.b', 'Bearer a.b.c.d', 'Token abc', `Bearer ${'x'.repeat(10_000)}`, 'Basic ????'])(
      'answers 401, never 5xx, to the Authorization header %#',
      async (header) => {
        const response = await getRecords(lab.app, stage, header);
        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toMatch(/json/);
      },
    );
  });

  describe('POST /login', () => {
    it.skipIf(stage === 'basic')('answers 401 JSON with a challenge for a wrong password', async () => {
      await register(lab.app, stage, 'alice').expect(201);
      const response = await login(lab.app, stage, 'alice', 'not-the-password').expect(401);
      expect(response.body.error).toEqual(expect.any(String));
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(response.headers['x-auth-flow']).toBe('A,B,C,E');
    });
  });

  describe('GET /breach and POST /reset', () => {
    it('dumps the stored credential column and reset empties it', async () => {
      await register(lab.app, stage, 'alice').expect(201);
      const before = await request(lab.app).get(url('/breach')).expect(200);
      expect(before.body.users).toEqual([{ username: 'alice', stored: expect.any(String) }]);
      expect(before.headers['x-auth-flow']).toBe('A,LEAK');

      const reset = await request(lab.app).post(url('/reset')).expect(204);
      expect(reset.headers['x-auth-flow']).toBe('A,RESET');
      const after = await request(lab.app).get(url('/breach'));
      expect(after.body.users).toEqual([]);
    });

    it('resets only its own stage', async () => {
      const other = stage === 'plaintext' ? 'sha256' : 'plaintext';
      await register(lab.app, stage, 'alice').expect(201);
      await register(lab.app, other, 'alice').expect(201);
      await request(lab.app).post(url('/reset')).expect(204);
      const untouched = await request(lab.app).get(`/api/stages/${other}/breach`);
      expect(untouched.body.users).toHaveLength(1);
    });
  });
});
