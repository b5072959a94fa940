import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, basicHeader, createTestApp, getRecords, login, register, type TestApp } from '../helpers.ts';

/** Stage 4 is insecure on purpose: the password itself travels with every request. */
const STAGE = 'basic';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const flowOf = (response: request.Response): string | undefined => response.headers['x-auth-flow'];

/**
 * Serves the app behind an eavesdropper that copies the headers of every request, as anyone
 * on the network path could without HTTPS. Headers up to 64 KB get through to the app, so it,
 * not Node's 16 KB default, decides what to do with an oversized one.
 */
function tappedServer(): { server: Server; seen: IncomingHttpHeaders[] } {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    seen.push({ ...req.headers });
    lab.app(req, res);
  });
  return { server, seen };
}

describe('POST /login', () => {
  it('does not exist: it says to send Authorization: Basic instead', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const response = await login(lab.app, STAGE, 'alice').expect(404);
    expect(response.body).toEqual({ error: expect.stringContaining('Authorization: Basic'), code: 'no_login' });
    expect(flowOf(response)).toBe('A,BAD');
  });
});

describe('GET /records', () => {
  it('answers a request that carries the username and password in a Basic header', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const response = await getRecords(lab.app, STAGE, basicHeader('alice', GOOD_PASSWORD)).expect(200);
    expect(response.body.user).toBe('alice');
    expect(flowOf(response)).toBe('A,B,C,H');
  });

  it('hands the password to anyone who copies the header: base64 is not encryption', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const { server, seen } = tappedServer();

    await request(server).get(`/api/stages/${STAGE}/records`).set('Authorization', basicHeader('alice', GOOD_PASSWORD)).expect(200);

    const captured = seen[0]?.authorization ?? '';
    expect(captured).toMatch(/^Basic /);
    expect(Buffer.from(captured.slice('Basic '.length), 'base64').toString('utf8')).toBe(`alice:${GOOD_PASSWORD}`);
  });

  it('needs the credentials again on every request, because nothing is remembered', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await getRecords(lab.app, STAGE, basicHeader('alice', GOOD_PASSWORD)).expect(200);

    await request(lab.app).get(`/api/stages/${STAGE}/records`).expect(401);
  });

  it('challenges a request without credentials to use Basic', async () => {
    const response = await request(lab.app).get(`/api/stages/${STAGE}/records`).expect(401);

    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="authlab-basic"/);
    expect(response.body).toEqual({ error: 'Missing or malformed Basic credentials', code: 'missing_credentials' });
    expect(flowOf(response)).toBe('A,B,C,E');
  });

  it('tells an unknown user apart from a wrong password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const unknown = await getRecords(lab.app, STAGE, basicHeader('bob', GOOD_PASSWORD)).expect(401);
    const wrong = await getRecords(lab.app, STAGE, basicHeader('alice', 'not-the-password')).expect(401);

    expect(unknown.body).toEqual({ error: 'Unknown user', code: 'unknown_user' });
    expect(wrong.body).toEqual({ error: 'Wrong password', code: 'wrong_password' });
    expect(unknown.headers['www-authenticate']).toMatch(/^Basic realm="authlab-basic"/);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm="authlab-basic"/);
    expect(flowOf(wrong)).toBe('A,B,C,E');
  });

  it('treats the username in the header case-insensitively, as registration does', async () => {
    await register(lab.app, STAGE, 'Alice').expect(201);

    const response = await getRecords(lab.app, STAGE, basicHeader('ALICE', GOOD_PASSWORD)).expect(200);
    expect(response.body.user).toBe('alice');
    // The password, unlike the name, must match exactly.
    await getRecords(lab.app, STAGE, basicHeader('alice', GOOD_PASSWORD.toUpperCase())).expect(401);
  });
});

describe('malformed Authorization headers', () => {
  const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const malformed: [string, string][] = [
    ['characters outside base64', 'Basic !!!'],
    ['base64 without a colon', `Basic ${base64('alicepassword')}`],
    ['another scheme', 'Bearer x'],
    ['the scheme with nothing after it', 'Basic '],
    // 37,500 bytes grow to 50 KB in base64: well-formed, just far too big to bother decoding.
    ['a 50 KB header', basicHeader('alice', 'a'.repeat(37_500))],
  ];

  it.each(malformed)('answers %s with 401 JSON, never a 5xx', async (_name, header) => {
    await register(lab.app, STAGE, 'alice').expect(201);
    const { server, seen } = tappedServer();

    const response = await request(server).get(`/api/stages/${STAGE}/records`).set('Authorization', header);

    expect(seen).toHaveLength(1);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: 'Missing or malformed Basic credentials', code: 'missing_credentials' });
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="authlab-basic"/);
  });
});
