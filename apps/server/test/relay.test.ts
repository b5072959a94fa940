import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, register, type TestApp } from './helpers.ts';

/**
 * The playground's cookie checks need what a page may not do (send Cookie and Origin, read
 * Set-Cookie); the server relays such requests to its own stages, and to nothing else.
 */
let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const relay = (body: object): request.Test => request(lab.app).post('/api/relay').send(body);

describe('POST /api/relay', () => {
  it("sends the request to this server's stage and returns every header, Set-Cookie included", async () => {
    await register(lab.app, 'lockout', 'alice').expect(201);
    const answer = await relay({
      method: 'POST',
      path: '/api/stages/lockout/cookie/login',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: GOOD_PASSWORD }),
    }).expect(200);
    expect(answer.body.status).toBe(200);
    expect(answer.body.headers['set-cookie']).toEqual([expect.stringMatching(/^__Host-authlab-lockout-session=.*; HttpOnly; Secure; SameSite=Strict$/)]);
    expect(JSON.parse(answer.body.body)).toEqual({ username: 'alice' });
  });

  it('relays what the request builder can send: PUT and DELETE, and a query string, answered by the stage itself', async () => {
    const put = await relay({ method: 'PUT', path: '/api/stages/plaintext/login', headers: {} }).expect(200);
    expect(put.body.status).toBe(404);
    const query = await relay({ method: 'GET', path: "/api/stages/plaintext?view=full&ids[]=1&x=%2F'a'{|}^`", headers: {} }).expect(200);
    expect(query.body.status).toBe(200);
    expect(JSON.parse(query.body.body).id).toBe('plaintext');
  });

  it('passes on the headers a forged cross-site form would carry, so the stage itself judges them', async () => {
    const answer = await relay({
      method: 'POST',
      path: '/api/stages/lockout/cookie/recovery-email',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://attacker.example', 'Sec-Fetch-Site': 'cross-site' },
      body: 'recoveryEmail=a%40example.com',
    }).expect(200);
    expect(answer.body.status).toBe(403);
    expect(JSON.parse(answer.body.body).code).toBe('cross_site_request');
  });

  it.each([
    ['another path of the server', { method: 'GET', path: '/api/health', headers: {} }],
    ['a path outside the server', { method: 'GET', path: 'http://example.com/', headers: {} }],
    ['a dot segment', { method: 'POST', path: '/api/stages/jwt/cookie/../reset', headers: {} }],
    ['the relay itself', { method: 'POST', path: '/api/relay', headers: {} }],
    ['a Host header', { method: 'GET', path: '/api/stages/jwt', headers: { Host: 'example.com' } }],
    ['a method the request builder does not offer', { method: 'PATCH', path: '/api/stages/jwt', headers: {} }],
    ['a query string with a space', { method: 'GET', path: '/api/stages/jwt?a b', headers: {} }],
    ['a query string with a control character', { method: 'GET', path: '/api/stages/jwt?a=\u0001', headers: {} }],
    ['a fragment', { method: 'GET', path: '/api/stages/jwt#x', headers: {} }],
    ['an extra field', { method: 'GET', path: '/api/stages/jwt', headers: {}, follow: true }],
    ['a header value with a line break', { method: 'GET', path: '/api/stages/jwt', headers: { 'X-A': 'a\r\nHost: evil.example' } }],
    ['a header value Node would refuse to send', { method: 'GET', path: '/api/stages/jwt', headers: { Cookie: 'x=€' } }],
    [
      'a body with a lone surrogate',
      { method: 'POST', path: '/api/stages/jwt/register', headers: { 'Content-Type': 'application/json' }, body: '{"username":"abc","password":"\ud800"}' },
    ],
    ['a huge body', { method: 'POST', path: '/api/stages/jwt/login', headers: {}, body: 'x'.repeat(9 * 1024) }],
  ])('refuses %s with a 400 and sends nothing', async (_case, body) => {
    const answer = await relay(body).expect(400);
    expect(answer.body.code).toBe('invalid_input');
  });

  it('answers only this machine: 403 local_only from any other address', async () => {
    const fromClassroom = (req: IncomingMessage, res: ServerResponse): void => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
      lab.app(req, res);
    };
    const answer = await request(fromClassroom).post('/api/relay').send({ method: 'GET', path: '/api/stages/jwt', headers: {} }).expect(403);
    expect(answer.body.code).toBe('local_only');
  });

  it('is refused to other sites like every state-changing lab route', async () => {
    await relay({ method: 'GET', path: '/api/stages/jwt', headers: {} }).set('Sec-Fetch-Site', 'cross-site').expect(403);
  });
});
