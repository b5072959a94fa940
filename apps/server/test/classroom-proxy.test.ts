import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@authlab/lab-files';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePorts, skipWithoutCaddy, startCaddy, type Answer, type RequestOptions, type RunningCaddy } from './caddy.ts';
import { startMainProcess, type MainProcess } from './hardening/main-process.ts';

/**
 * A class as docs/classroom.md tells an instructor to run it: the real server (main.ts) in
 * classroom mode behind Caddy, started with docs/classroom/Caddyfile itself (only its
 * {$AUTHLAB_…} settings differ: loopback, free ports, Caddy's own local authority). What the
 * proxy must not break: Secure cookies, https links, the guess limiter's idea of who is
 * guessing, and live events arriving as they happen.
 */

const CADDYFILE = path.join(REPO_ROOT, 'docs/classroom/Caddyfile');
const skip = skipWithoutCaddy('classroom-proxy.test.ts');

let scratch: string;
let authlab: MainProcess | undefined;
let caddy: RunningCaddy | undefined;
let origin: string;

beforeAll(async () => {
  if (skip) return;
  scratch = mkdtempSync(path.join(tmpdir(), 'authlab-proxy-'));
  const [httpsPort, httpPort] = await freePorts(2);
  origin = `https://localhost:${httpsPort}`;
  authlab = await startMainProcess({
    AUTHLAB_DATA_DIR: path.join(scratch, 'authlab'),
    AUTHLAB_MODE: 'classroom',
    AUTHLAB_TRUST_PROXY: 'loopback',
    AUTHLAB_PUBLIC_URL: origin,
  });
  const started = authlab;
  await vi.waitFor(() => expect(started.output()).toMatch(/Instructor link: .*\n/));
  caddy = await startCaddy({
    caddyfile: CADDYFILE,
    scratch,
    httpsPort: httpsPort ?? 0,
    env: {
      AUTHLAB_SITE: 'localhost',
      AUTHLAB_BIND: '127.0.0.1',
      AUTHLAB_HTTPS_PORT: String(httpsPort),
      AUTHLAB_HTTP_PORT: String(httpPort),
      AUTHLAB_PORT: new URL(started.url).port,
    },
    async ready(running) {
      expect((await running.send('GET', '/api/health')).status).toBe(200);
    },
  });
}, 30_000);

afterAll(async () => {
  await caddy?.stop();
  await authlab?.kill();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(skip)('a classroom behind Caddy, with docs/classroom/Caddyfile', () => {
  it('prints https links, and joining through the proxy sets a Secure cookie', async () => {
    expect(authlab?.output()).toContain(`Class link:       ${origin}/#/join/`);
    expect(authlab?.output()).toContain(`Instructor link:  ${origin}/#/instructor/`);
    expect(authlab?.output()).not.toContain('Served over plain HTTP');
    const joined = await join('Ada');
    expect(joined.status).toBe(201);
    const cookie = String(joined.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-authlab_workspace=/);
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('; HttpOnly');
  });

  it('passes the dashboard’s live events on at once, not when the stream ends', async () => {
    const secret = /Instructor link: +\S+#\/instructor\/(\S+)/.exec(authlab?.output() ?? '')?.[1] ?? '';
    const signedIn = await send('POST', '/api/classroom/instructor/session', { body: { secret } });
    expect(signedIn.status).toBe(204);
    const instructor = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
    const events = await openStream('/api/classroom/instructor/events', { Cookie: instructor });
    try {
      await events.next((data) => Array.isArray(data.learners));
      const joinedAtMs = Date.now();
      expect((await join('Bo')).status).toBe(201);
      await events.next((data) => JSON.stringify(data.learners).includes('"Bo"'));
      expect(Date.now() - joinedAtMs).toBeLessThan(1000);
    } finally {
      events.close();
    }
  });

  it("lets a learner's terminal run the checks in their workspace through the proxy, with the resume link alone", async () => {
    const cookie = String((await join('Cy')).headers['set-cookie']).split(';')[0] ?? '';
    const { link } = JSON.parse((await send('POST', '/api/classroom/resume-link', { headers: { Cookie: cookie } })).body) as { link: string };
    expect(link.startsWith(`${origin}/#/resume/`)).toBe(true);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'packages/checks/src/cli.ts', '--stage', 'plaintext', '--json'], {
      cwd: REPO_ROOT,
      // As docs/classroom.md says for a class on Caddy's own authority.
      env: { ...process.env, AUTHLAB_WORKSPACE: link, NODE_EXTRA_CA_CERTS: caddy?.rootCertificateFile ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBeGreaterThan(5);
  }, 60_000);

  // Last: it spends this address's guesses for ten minutes.
  it('counts join-code guesses by the real address, whatever X-Forwarded-For a client forges', async () => {
    for (let guess = 0; guess < 100; guess++) {
      const wrong = await join('Eve', { joinCode: `GUESS-${guess}`, headers: { 'X-Forwarded-For': `203.0.113.${guess + 1}` } });
      expect(wrong.status).toBe(403);
    }
    const refused = await join('Eve', { headers: { 'X-Forwarded-For': '198.51.100.7' } });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'rate_limited' });
  });
});

function send(method: string, pathname: string, options?: RequestOptions): Promise<Answer> {
  if (caddy === undefined) throw new Error('Caddy is not running');
  return caddy.send(method, pathname, options);
}

async function join(displayName: string, options: { joinCode?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const joinCode = options.joinCode ?? /Join code: +(\S+)/.exec(authlab?.output() ?? '')?.[1] ?? '';
  return send('POST', '/api/classroom/join', { body: { displayName, joinCode }, ...(options.headers ? { headers: options.headers } : {}) });
}

/** A text/event-stream answer, read as it arrives. */
async function openStream(
  pathname: string,
  headers: Record<string, string>,
): Promise<{ next(matches: (data: Record<string, unknown>) => boolean): Promise<void>; close(): void }> {
  if (caddy === undefined) throw new Error('Caddy is not running');
  const response = await caddy.open('GET', pathname, { headers });
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  response.setEncoding('utf8');
  let buffered = '';
  const seen: Record<string, unknown>[] = [];
  let waiting: (() => void) | undefined;
  response.on('data', (chunk: string) => {
    buffered += chunk;
    const blocks = buffered.split('\n\n');
    buffered = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) seen.push(JSON.parse(data) as Record<string, unknown>);
    }
    waiting?.();
  });
  return {
    async next(matches) {
      for (;;) {
        const index = seen.findIndex(matches);
        if (index !== -1) {
          seen.splice(0, index + 1);
          return;
        }
        await new Promise<void>((resolve) => (waiting = resolve));
      }
    },
    close: () => response.destroy(),
  };
}
