import { STAGE_IDS } from '@authlab/contract';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHTTPServer } from '../src/http-server.ts';
import { GOOD_PASSWORD, createTestApp, register, sendRaw, type TestApp } from './helpers.ts';

/**
 * Cross-site request forgery against the lab: a page on any site makes the learner's browser
 * post to 127.0.0.1:3000. The lab answers only its own pages and non-browser clients, and only JSON.
 */
let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const RESET = '/api/stages/plaintext/reset';
const usersOf = async (stage: string): Promise<string[]> =>
  ((await request(lab.app).get(`/api/stages/${stage}/breach`)).body.users as { username: string }[]).map((user) => user.username);

describe('a state-changing request from another site', () => {
  it('cannot reset a stage with a text/plain form post: 415, and the users are still there', async () => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    // What `<form enctype="text/plain" method="post">` sends, seen from a browser that names no origin.
    const response = await request(lab.app).post(RESET).set('Content-Type', 'text/plain').send('{"x":"=1"}').expect(415);
    expect(response.body).toEqual({ error: expect.any(String), code: 'unsupported_media_type' });
    expect(await usersOf('plaintext')).toEqual(['alice']);
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('cannot reset a stage with a %s form post either', async (type) => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    await request(lab.app).post(RESET).set('Content-Type', type).send('a=1').expect(415);
    expect(await usersOf('plaintext')).toEqual(['alice']);
  });

  it('cannot send a body without a Content-Type', async () => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    await request(lab.app).post(RESET).serialize(String).send('{}').unset('Content-Type').expect(415);
    expect(await usersOf('plaintext')).toEqual(['alice']);
  });

  it.each(['cross-site', 'same-site'])('is refused with 403 cross_site_request when the browser says Sec-Fetch-Site: %s', async (site) => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    const response = await request(lab.app).post(RESET).set('Sec-Fetch-Site', site).expect(403);
    expect(response.body).toEqual({ error: expect.stringContaining('Cross-site'), code: 'cross_site_request' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(await usersOf('plaintext')).toEqual(['alice']);
  });

  it.each(['http://attacker.example', 'http://127.0.0.1:5173', 'https://127.0.0.1:3000', 'null'])(
    'is refused with 403 when a browser without Sec-Fetch-Site sends Origin: %s',
    async (origin) => {
      await register(lab.app, 'plaintext', 'alice').expect(201);
      const response = await request(lab.app).post(RESET).set('Host', '127.0.0.1:3000').set('Origin', origin).expect(403);
      expect(response.body.code).toBe('cross_site_request');
      expect(await usersOf('plaintext')).toEqual(['alice']);
    },
  );

  it('is refused when Sec-Fetch-Site says none but Origin names another site', async () => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    const response = await request(lab.app).post(RESET).set('Sec-Fetch-Site', 'none').set('Origin', 'http://attacker.example').expect(403);
    expect(response.body.code).toBe('cross_site_request');
    expect(await usersOf('plaintext')).toEqual(['alice']);
  });

  it('cannot slip a second Content-Type past the JSON rule', async () => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    const body = '{}';
    const reply = await sendRaw(
      lab.app,
      `POST ${RESET} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 415 /);
    expect(await usersOf('plaintext')).toEqual(['alice']);
  });

  it('is refused from another site even as a well-formed JSON request', async () => {
    await request(lab.app).post('/api/stages/plaintext/register').set('Origin', 'http://attacker.example').send({ username: 'mallory', password: GOOD_PASSWORD }).expect(403);
    expect(await usersOf('plaintext')).toEqual([]);
  });

  it.each(STAGE_IDS)('is refused on every state-changing route of stage %s', async (stage) => {
    for (const route of ['register', 'login', 'refresh', 'logout', 'reset', 'clock', 'mistakes', 'legacy-user']) {
      const response = await request(lab.app).post(`/api/stages/${stage}/${route}`).set('Sec-Fetch-Site', 'cross-site').send({});
      expect(response.status, route).toBe(403);
    }
    for (const method of ['put', 'patch', 'delete'] as const) {
      await request(lab.app)[method](`/api/stages/${stage}/reset`).set('Sec-Fetch-Site', 'cross-site').expect(403);
    }
  });

  it('still reads: GET and HEAD are not changes, and the browser keeps their answers from the other site', async () => {
    await request(lab.app).get('/api/stages/plaintext').set('Sec-Fetch-Site', 'cross-site').expect(200);
    await request(lab.app).head('/api/health').set('Origin', 'http://attacker.example').expect(200);
  });
});

describe('a state-changing request the lab accepts', () => {
  it('comes from its own page: Sec-Fetch-Site same-origin, or none for a typed URL', async () => {
    await request(lab.app).post(RESET).set('Sec-Fetch-Site', 'same-origin').set('Origin', 'http://127.0.0.1:3000').expect(204);
    await request(lab.app).post(RESET).set('Sec-Fetch-Site', 'none').expect(204);
  });

  it('comes from its own page in a browser that sends only Origin, whatever the case and default port', async () => {
    await request(lab.app).post(RESET).set('Host', 'localhost:3000').set('Origin', 'http://localhost:3000').expect(204);
    await request(lab.app).post(RESET).set('Host', 'LocalHost:80').set('Origin', 'http://localhost').expect(204);
  });

  it('comes through the playground dev server, whose proxy rewrites Host but keeps Origin and Sec-Fetch-Site', async () => {
    // What Vite's /api proxy forwarded in `npm run dev`, measured: the browser talked to 127.0.0.1:5173.
    await request(lab.app)
      .post('/api/stages/plaintext/register')
      .set('Host', '127.0.0.1:3000')
      .set('Origin', 'http://127.0.0.1:5173')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ username: 'alice', password: GOOD_PASSWORD })
      .expect(201);
  });

  it('comes from curl or the CLIs: no Origin, JSON body', async () => {
    await register(lab.app, 'plaintext', 'alice').expect(201);
    await request(lab.app).post('/api/stages/plaintext/login').send({ username: 'alice', password: GOOD_PASSWORD }).expect(200);
  });

  it('includes a bodyless POST /reset, as curl -X POST and fetch() send it', async () => {
    const server = createHTTPServer(lab.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${RESET}`;
    try {
      await register(lab.app, 'plaintext', 'alice').expect(201);
      // fetch() sends `Content-Length: 0`; curl sends no length and no Content-Type at all.
      expect((await fetch(url, { method: 'POST' })).status).toBe(204);
      expect(await usersOf('plaintext')).toEqual([]);
      expect(await curlPostStatus(server.address() as AddressInfo, RESET)).toBe(204);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** The bytes `curl -s -X POST <url>` writes: no Content-Length, no Content-Type, no Origin. */
function curlPostStatus({ port }: AddressInfo, route: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk) => {
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString())?.[1]));
      socket.destroy();
    });
    socket.on('error', reject);
    socket.write(`POST ${route} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n`);
  });
}

describe('a lab served on a network (exposure: network)', () => {
  let remote: TestApp;
  beforeEach(() => {
    remote = createTestApp({ app: { exposure: 'network' } });
  });
  afterEach(() => remote.close());

  /** The app as another machine on the classroom network reaches it. */
  const fromClassroom = (req: IncomingMessage, res: ServerResponse): void => {
    Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
    remote.app(req, res);
  };

  it('refuses POST /reset and GET /breach from another machine with 403 local_only, and keeps the users', async () => {
    await register(remote.app, 'plaintext', 'alice').expect(201);
    expect((await request(fromClassroom).post(RESET).expect(403)).body.code).toBe('local_only');
    expect((await request(fromClassroom).get('/api/stages/plaintext/breach').expect(403)).body.code).toBe('local_only');
    expect((await request(remote.app).get('/api/stages/plaintext/breach').expect(200)).body.users).toHaveLength(1);
  });

  it("refuses this machine's exercise runs to another machine with 403 local_only", async () => {
    expect((await request(fromClassroom).get('/api/exercises/progress').expect(403)).body.code).toBe('local_only');
    await request(remote.app).get('/api/exercises/progress').expect(200);
  });

  it('still lets other machines use the stage API itself', async () => {
    await request(fromClassroom).post('/api/stages/plaintext/register').send({ username: 'bob', password: GOOD_PASSWORD }).expect(201);
    await request(fromClassroom).get('/api/stages/plaintext').expect(200);
  });

  it('answers both from this machine', async () => {
    await request(remote.app).post(RESET).expect(204);
    await request(remote.app).get('/api/stages/plaintext/breach').expect(200);
  });

  it('is not how npm start runs: on loopback, /reset and /breach stay as they were', async () => {
    const local = (req: IncomingMessage, res: ServerResponse): void => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
      lab.app(req, res);
    };
    await request(local).get('/api/stages/plaintext/breach').expect(200);
    await request(local).post(RESET).expect(204);
  });
});
