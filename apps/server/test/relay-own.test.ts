import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';

/**
 * The "Your API" page runs the checks against a learner's own API through the lab: the lab sends
 * each request to a URL on this machine, and to nothing else.
 */
let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

/** A learner's API: echoes what it got and sets a cookie, as a login route might. */
let api: Server;
let apiURL: string;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
beforeAll(async () => {
  api = createServer((req, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/huge') {
        res.end('x'.repeat(100 * 1024));
        return;
      }
      res.writeHead(201, { 'Content-Type': 'application/json', 'Set-Cookie': ['sid=abc; HttpOnly', 'theme=dark'] });
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiURL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => api.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const relay = (body: object): request.Test => request(lab.app).post('/api/relay/own').send(body);

describe('POST /api/relay/own', () => {
  it("sends the request to the learner's API on this machine and returns every header, Set-Cookie included", async () => {
    const answer = await relay({
      method: 'PUT',
      url: `${apiURL}/api/login?next=1`,
      headers: { 'Content-Type': 'application/json', Cookie: 'sid=old' },
      body: '{"username":"alice"}',
    }).expect(200);
    expect(answer.body).toMatchObject({ status: 201, headers: { 'set-cookie': ['sid=abc; HttpOnly', 'theme=dark'] } });
    expect(JSON.parse(answer.body.body)).toEqual({ method: 'PUT', url: '/api/login?next=1' });
    expect(received).toEqual([expect.objectContaining({ method: 'PUT', body: '{"username":"alice"}', headers: expect.objectContaining({ cookie: 'sid=old' }) })]);
  });

  it('reaches localhost without asking a resolver', async () => {
    const answer = await relay({ method: 'GET', url: apiURL.replace('127.0.0.1', 'localhost'), headers: {} }).expect(200);
    expect(answer.body.status).toBe(201);
    expect(received[0]?.headers.host).toBe(new URL(apiURL.replace('127.0.0.1', 'localhost')).host);
  });

  it.each([
    ['a private address', 'http://10.0.0.1:8080/'],
    ['a public name', 'http://example.com/'],
    ['a name that points at 127.0.0.1', 'http://127.0.0.1.nip.io:8080/'],
    ['a user name and password in the URL', 'http://user:pass@127.0.0.1:8080/'],
    ['a file: URL', 'file:///etc/passwd'],
    ['port 0', 'http://127.0.0.1:0/'],
    ['a port above 65535', 'http://127.0.0.1:65536/'],
  ])('refuses %s with a 400 and sends nothing', async (_case, url) => {
    const answer = await relay({ method: 'GET', url, headers: {} }).expect(400);
    expect(answer.body.code).toBe('invalid_input');
    expect(answer.body.error).toMatch(/^url: /);
    expect(received).toEqual([]);
  });

  it.each([
    ['a body over 8 KB', { method: 'POST', headers: {}, body: 'x'.repeat(9 * 1024) }],
    ['a method the description format does not have', { method: 'TRACE', headers: {} }],
    ['a Host header', { method: 'GET', headers: { Host: 'example.com' } }],
    ['a header value with a line break', { method: 'GET', headers: { 'X-A': 'a\r\nHost: evil.example' } }],
    ['an extra field', { method: 'GET', headers: {}, follow: true }],
    ['no url', { method: 'GET', headers: {}, url: undefined }],
  ])('refuses %s with a 400 and sends nothing', async (_case, fields) => {
    const answer = await relay({ url: `${apiURL}/`, ...fields }).expect(400);
    expect(answer.body.code).toBe('invalid_input');
    expect(received).toEqual([]);
  });

  it('refuses a body that is not JSON with a 4xx JSON error', async () => {
    const answer = await request(lab.app).post('/api/relay/own').set('Content-Type', 'text/plain').send(`${apiURL}/`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.error).toEqual(expect.any(String));
  });

  it('refuses malformed JSON with a 400, not a 500', async () => {
    const answer = await request(lab.app).post('/api/relay/own').set('Content-Type', 'application/json').send('{"method":');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual(expect.any(String));
  });

  it('says 502 relay_failed when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const answer = await relay({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }).expect(502);
    expect(answer.body.code).toBe('relay_failed');
  });

  it('hangs up on an answer over 64 KB and says so', async () => {
    const answer = await relay({ method: 'GET', url: `${apiURL}/huge`, headers: {} }).expect(502);
    expect(answer.body.code).toBe('relay_failed');
  });

  it('answers only this machine: 403 local_only from any other address', async () => {
    const fromClassroom = (req: IncomingMessage, res: ServerResponse): void => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
      lab.app(req, res);
    };
    const answer = await request(fromClassroom)
      .post('/api/relay/own')
      .send({ method: 'GET', url: `${apiURL}/`, headers: {} })
      .expect(403);
    expect(answer.body.code).toBe('local_only');
    expect(received).toEqual([]);
  });

  it("is refused to another site's page, like every state-changing lab route", async () => {
    await relay({ method: 'GET', url: `${apiURL}/`, headers: {} })
      .set('Origin', 'https://attacker.example')
      .expect(403);
    await relay({ method: 'GET', url: `${apiURL}/`, headers: {} })
      .set('Sec-Fetch-Site', 'cross-site')
      .expect(403);
    expect(received).toEqual([]);
  });

  it('answers 502 at once when the API answers 101 Switching Protocols unasked, instead of hanging', async () => {
    const switching = createNetServer((socket) =>
      socket.once('data', () => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')),
    );
    await new Promise<void>((resolve) => switching.listen(0, '127.0.0.1', resolve));
    const port = (switching.address() as AddressInfo).port;
    const started = performance.now();
    const answer = await relay({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }).expect(502);
    switching.close();
    expect(answer.body.code).toBe('relay_failed');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a header named __proto__ rather than dropping it, and a URL too long once percent-encoded', async () => {
    const proto = await relay({ method: 'GET', url: apiURL, headers: JSON.parse('{"__proto__":{"host":"evil"}}') as Record<string, string> }).expect(400);
    expect(proto.body.error).toMatch(/__proto__/);
    const long = await relay({ method: 'GET', url: `${apiURL}/${'€'.repeat(1500)}`, headers: {} }).expect(400);
    expect(long.body.error).toMatch(/too long once percent-encoded/);
    expect(received).toEqual([]);
  });

  it('holds at most 32 relayed requests at once and answers the next with 429', async () => {
    const held: ServerResponse[] = [];
    const slow = createServer((_req, res) => held.push(res));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    const pending = Array.from({ length: 32 }, () => relay({ method: 'GET', url, headers: {} }).then((answer) => answer.status));
    while (held.length < 32) await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await relay({ method: 'GET', url, headers: {} }).expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    for (const res of held) res.end('ok');
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 32 }, () => 200));
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });
});
