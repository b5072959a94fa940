import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { GOOD_PASSWORD, createTestApp, login, register, signIn, type TestApp } from '../helpers.ts';
import { startLiveServer, type LiveServer } from './live-server.ts';
import { startMainProcess, type MainProcess } from './main-process.ts';

/**
 * Security headers on every kind of response, not only the happy path that test/app.test.ts
 * checks, and nothing internal in any error, also from the real server in production mode.
 */
const EVERY_RESPONSE: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/,
  'content-security-policy': /default-src '(self|none)'/,
};
const FROM_EXPRESS: Record<string, RegExp> = {
  ...EVERY_RESPONSE,
  'x-frame-options': /^SAMEORIGIN$/,
  'referrer-policy': /^no-referrer$/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-resource-policy': /^same-origin$/,
};

function expectHeaders(headers: Record<string, string | string[] | undefined>, expected: Record<string, RegExp>, label: string): void {
  for (const [name, pattern] of Object.entries(expected)) expect(String(headers[name]), `${name} on ${label}`).toMatch(pattern);
  expect(headers['x-powered-by'], label).toBeUndefined();
}

describe('security headers', () => {
  let lab: TestApp;
  beforeEach(() => {
    lab = createTestApp({ settings: { rateLimit: { limit: 2, windowSeconds: 60 } } });
  });
  afterEach(() => lab.close());

  it('are on every status the API answers with, refusals included', async () => {
    const json = { 'Content-Type': 'application/json' };
    const authorization = await signIn(lab.app, 'jwt', 'alice');
    const cases: [string, () => request.Test, number][] = [
      ['health', () => request(lab.app).get('/api/health'), 200],
      ['stage list', () => request(lab.app).get('/api/stages'), 200],
      ['exercise progress', () => request(lab.app).get('/api/exercises/progress'), 200],
      ['records', () => request(lab.app).get('/api/stages/jwt/records').set('Authorization', authorization), 200],
      ['register', () => register(lab.app, 'plaintext', 'bob'), 201],
      ['logout', () => request(lab.app).post('/api/stages/jwt/logout').set('Authorization', authorization), 204],
      ['an OPTIONS request', () => request(lab.app).options('/api/stages/jwt/login'), 200],
      ['a HEAD request', () => request(lab.app).head('/api/health'), 200],
      ['malformed JSON', () => request(lab.app).post('/api/stages/jwt/login').set(json).send('{"username":'), 400],
      ['a broken %-escape', () => request(lab.app).get('/api/stages/%E0%A4%A'), 400],
      [
        'a corrupt gzip body',
        () =>
          request(lab.app)
            .post('/api/stages/jwt/login')
            .set({ ...json, 'Content-Encoding': 'gzip' })
            .send('nope'),
        400,
      ],
      ['no credentials', () => request(lab.app).get('/api/stages/jwt/records'), 401],
      ['an unknown route', () => request(lab.app).get('/nowhere'), 404],
      ['an unknown stage', () => request(lab.app).get('/api/stages/quantum'), 404],
      ['a taken name', () => register(lab.app, 'plaintext', 'bob'), 409],
      ['a body too large', () => register(lab.app, 'plaintext', 'carol', 'x'.repeat(20_000)), 413],
      ['a form body', () => request(lab.app).post('/api/stages/jwt/login').type('form').send('a=b'), 415],
    ];
    for (const [label, send, status] of cases) {
      const response = await send();
      expect(response.status, label).toBe(status);
      expectHeaders(response.headers, FROM_EXPRESS, label);
      // Everything under /api carries credentials or patient data; outside it, the playground's files set their own caching.
      if (label !== 'an unknown route') expect(response.headers['cache-control'], label).toBe('no-store');
    }
  });

  it('are on a lockout (423) and a rate-limited login (429)', async () => {
    await register(lab.app, 'lockout', 'alice').expect(201);
    // The limit is two attempts a minute here; the third is refused before any password check.
    await login(lab.app, 'lockout', 'alice', 'wrong-guess-123').expect(401);
    await login(lab.app, 'lockout', 'alice', 'wrong-guess-123').expect(401);
    const rateLimited = await login(lab.app, 'lockout', 'alice', GOOD_PASSWORD).expect(429);
    expectHeaders(rateLimited.headers, FROM_EXPRESS, '429');
    const locking = createTestApp({ settings: { lockout: { maxFailures: 1, windowSeconds: 60, lockSeconds: 60, maxLockSeconds: 60 } } });
    try {
      await register(locking.app, 'lockout', 'alice').expect(201);
      await login(locking.app, 'lockout', 'alice', 'wrong-guess-123').expect(401);
      expectHeaders((await login(locking.app, 'lockout', 'alice').expect(423)).headers, FROM_EXPRESS, '423');
    } finally {
      locking.close();
    }
  });

  it('allow only same-origin scripts (and WebAssembly, but no eval), no plugins, and no framing by other sites', async () => {
    const csp = String((await request(lab.app).get('/api/health')).headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/'unsafe-eval'/);
  });
});

/** The production build the lesson server serves at `/`; built by `npm start` and the browser tests. */
const PLAYGROUND_DIST = path.resolve(import.meta.dirname, '../../../playground/dist');

describe.skipIf(!existsSync(path.join(PLAYGROUND_DIST, 'index.html')))('the built playground under this CSP', () => {
  it('loads only same-origin scripts, with no inline script, inline handler or eval to block', async () => {
    const lab = createTestApp();
    try {
      const app = createApp({ database: lab.database, jwtSecret: Buffer.alloc(32, 1), playgroundDir: PLAYGROUND_DIST });
      const page = await request(app).get('/').expect(200);
      expectHeaders(page.headers, FROM_EXPRESS, 'the playground page');
      const html = page.text;
      // script-src 'self' and script-src-attr 'none': inline code and handlers would be refused.
      for (const [tag, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(attributes, tag).toMatch(/\ssrc="\/[^/]/);
        expect((body ?? '').trim(), tag).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i);
      for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) expect(url).toMatch(/^(\/[^/]|data:)/);
      // No 'unsafe-eval' either: a bundle that builds code from strings would break in the browser.
      const scripts = readdirSync(path.join(PLAYGROUND_DIST, 'assets')).filter((file) => file.endsWith('.js'));
      for (const file of scripts) expect(readFileSync(path.join(PLAYGROUND_DIST, 'assets', file), 'utf8'), file).not.toMatch(/\bnew Function\(|[^.\w]eval\(/);
    } finally {
      lab.close();
    }
  });
});

describe('requests Node refuses before Express runs', () => {
  let live: LiveServer;
  beforeAll(async () => {
    live = await startLiveServer();
  });
  afterAll(() => live.close());

  /** Sends raw bytes and returns the raw response. */
  function raw(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(new URL(live.url).port) });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.end(bytes, 'latin1');
    });
  }

  it.each([
    ['headers over 16 KB', `GET /api/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'x'.repeat(50_000)}\r\n\r\n`, 431],
    ['a NUL in a header value', 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Junk: a\u0000b\r\n\r\n', 400],
    ['garbage instead of a request line', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['both Content-Length and Transfer-Encoding', 'POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ])('still get JSON and the protective headers: %s', async (_label, bytes, status) => {
    const answer = await raw(bytes);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/i);
    expect(head).toMatch(/\r\nContent-Security-Policy: default-src 'none'/i);
    expect(JSON.parse(body)).toEqual({ error: expect.any(String), code: expect.any(String) });
  });
});

describe('unexpected errors', () => {
  it('answer a generic 500 and hand the details to the log, never to the client', async () => {
    const logged: unknown[] = [];
    const lab = createTestApp();
    const app = createApp({ database: lab.database, jwtSecret: Buffer.alloc(32, 1), logError: (error) => logged.push(error) });
    // A closed database makes every query throw: the kind of failure no input validation prevents.
    lab.sqlite.close();
    const response = await request(app).get('/api/stages/plaintext/breach').expect(500);
    expect(response.body).toEqual({ error: 'Internal server error', code: 'internal_error' });
    expect(response.text).not.toMatch(/database|sqlite|\bat |\.ts|node_modules/i);
    expectHeaders(response.headers, FROM_EXPRESS, '500');
    expect(String(logged[0])).toMatch(/database connection is not open/);
    lab.close();
  });
});

describe('the real server in production mode', () => {
  let server: MainProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-production-'));
    server = await startMainProcess({ NODE_ENV: 'production', AUTHLAB_DATA_DIR: dataDir });
  }, 30_000);
  afterAll(async () => {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers hostile requests without a stack trace, a file path or a library name', async () => {
    const json = { 'Content-Type': 'application/json' };
    const responses = await Promise.all([
      request(server.url).post('/api/stages/jwt/login').set(json).send('{"username":'),
      request(server.url)
        .post('/api/stages/jwt/login')
        .set({ ...json, 'Content-Encoding': 'gzip' })
        .send('nope'),
      request(server.url).get('/api/stages/%E0%A4%A/records'),
      request(server.url)
        .post('/api/stages/jwt/login')
        .set(json)
        .send('['.repeat(5000) + ']'.repeat(5000)),
      request(server.url)
        .post('/api/stages/jwt/register')
        .send({ username: 'x', password: { $gt: '' }, __proto__: { admin: true } }),
      request(server.url).post('/api/stages/jwt/clock').set(json).send('{"advanceSeconds":1e400}'),
      request(server.url)
        .get('/api/stages/lockout/records')
        .set('Authorization', `Bearer ${'e30.'.repeat(3)}`),
    ]);
    for (const [index, response] of responses.entries()) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).toEqual({ error: expect.any(String), code: expect.any(String) });
      expect(response.text).not.toMatch(/\bat \S+ \(|\.ts:\d|node_modules|\/work\/|Error:|zod|body-parser|URIError/i);
      expectHeaders(response.headers, FROM_EXPRESS, `hostile request ${index}`);
    }
  });
});
