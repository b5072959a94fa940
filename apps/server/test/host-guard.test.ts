import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, sendRaw, type TestApp } from './helpers.ts';

/**
 * DNS rebinding: attacker.example resolves to 127.0.0.1, so a page there reaches the lab through
 * the learner's browser. The browser still names attacker.example in `Host`; the lab refuses it.
 */
let lab: TestApp;
let playgroundDir: string;
beforeEach(() => {
  playgroundDir = mkdtempSync(path.join(tmpdir(), 'authlab-playground-'));
  writeFileSync(path.join(playgroundDir, 'index.html'), '<!doctype html><title>AuthLab</title>');
  lab = createTestApp({ app: { allowedHosts: ['Lab.Example.org'], playgroundDir } });
});
afterEach(() => {
  lab.close();
  rmSync(playgroundDir, { recursive: true, force: true });
});

const REBINDING = 'attacker.example:3000';

describe('a request under a host name the lab was not given', () => {
  it.each(['/api/stages/plaintext/breach', '/api/health', '/', '/index.html'])('is refused on GET %s with 421 host_not_allowed', async (route) => {
    const response = await request(lab.app).get(route).set('Host', REBINDING).expect(421);
    expect(response.body.code).toBe('host_not_allowed');
  });

  it('cannot switch an instructor mistake on through POST /mistakes', async () => {
    await request(lab.app).post('/api/stages/jwt/mistakes').set('Host', REBINDING).send({ mistake: 'weak-jwt-secret', enabled: true }).expect(421);
    expect((await request(lab.app).get('/api/stages/jwt')).body.lab.mistakes).toEqual([]);
  });

  it('gets a JSON refusal with the security headers that says which variable to set', async () => {
    const response = await request(lab.app).get('/api/stages/plaintext/breach').set('Host', REBINDING).expect(421);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: expect.stringContaining('AUTHLAB_ALLOWED_HOSTS=attacker.example'), code: 'host_not_allowed' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it.each(['127.0.0.1.attacker.example', 'localhost.attacker.example', 'localhost-attacker.example', 'lab.example.org.attacker.example', '::1', '[::1', 'local host'])(
    'is refused for %s, which only looks like an allowed name',
    async (host) => {
      await request(lab.app).get('/api/health').set('Host', host).expect(421);
    },
  );

  it.each(['HTTP/1.0', 'HTTP/1.1'])('is refused in JSON without a Host header at all (%s)', async (version) => {
    const reply = await sendRaw(lab.app, `GET /api/health ${version}\r\nConnection: close\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 421 /);
    expect(reply).toContain('"code":"host_not_allowed"');
    expect(reply.toLowerCase()).toContain('x-content-type-options: nosniff');
  });

  it('is refused when a second Host header names another site after an allowed one', async () => {
    const reply = await sendRaw(lab.app, 'GET /api/stages/plaintext/breach HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 421 /);
  });

  it('is refused when the request line names another site in absolute form', async () => {
    const reply = await sendRaw(lab.app, 'GET http://attacker.example/api/stages/plaintext/breach HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 421 /);
  });

  it('is answered in absolute form when the request line and Host agree', async () => {
    const reply = await sendRaw(lab.app, 'GET http://localhost:3000/api/health HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('a request under a name the lab is really reached by', () => {
  it.each([
    'localhost',
    'localhost:3000',
    'LocalHost.:3000',
    'authlab.localhost:3000',
    '127.0.0.1',
    '127.0.0.1:3000',
    '192.168.1.20:3000',
    '[::1]:3000',
    '[::1]',
    '[fe80::1]:3000',
    'lab.example.org',
    'LAB.EXAMPLE.ORG.:8443',
  ])('is answered for Host: %s', async (host) => {
    await request(lab.app).get('/api/stages/plaintext/breach').set('Host', host).expect(200);
    await request(lab.app).get('/').set('Host', host).expect(200);
  });

  it('is answered for the configured name only, not for its neighbours', async () => {
    await request(lab.app).get('/api/health').set('Host', 'lab.example.org').expect(200);
    await request(lab.app).get('/api/health').set('Host', 'evil.lab.example.org').expect(421);
    await request(lab.app).get('/api/health').set('Host', 'example.org').expect(421);
  });
});
