import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../check.ts';
import type { CheckTarget } from '../target.ts';
import { accountLockout } from './account-lockout.ts';

const MAX_FAILURES = 5;
/** How long the fake takes to check a password: longer than the right password's head start. */
const HASH_MS = 20;
/** Like bcrypt's worker threads: at most this many passwords are checked at a time, the rest wait. */
const HASH_THREADS = 4;

interface FakeLoginServer {
  target: CheckTarget;
  /** Login attempts since the last reset. */
  logins(): number;
}

/**
 * An in-memory login API with a five-failure lockout and a slow password check.
 * `counts: 'first'` counts each attempt as it passes the lock (the fix); `'after-check'` counts
 * a failure once its password was checked (check-then-count); `'never'` has no lockout at all.
 */
function createFakeLoginServer(options: { counts: 'first' | 'after-check' | 'never'; rateLimit?: number }): FakeLoginServer {
  const users = new Map<string, string>();
  const failures = new Map<string, number>();
  let logins = 0;
  let busyThreads = 0;
  const waiting: (() => void)[] = [];

  async function checkPassword(): Promise<void> {
    if (busyThreads < HASH_THREADS) busyThreads += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    await new Promise((resolve) => setTimeout(resolve, HASH_MS));
    const next = waiting.shift();
    if (next) next();
    else busyThreads -= 1;
  }

  async function login(username: string, password: string): Promise<number> {
    logins += 1;
    if (options.counts !== 'never' && (failures.get(username) ?? 0) >= MAX_FAILURES) return 423;
    if (options.counts === 'first') failures.set(username, (failures.get(username) ?? 0) + 1);
    await checkPassword();
    if (users.get(username) === password) {
      failures.delete(username);
      return 200;
    }
    if (options.counts === 'after-check') failures.set(username, (failures.get(username) ?? 0) + 1);
    return 401;
  }

  const json = (status: number, body: unknown = {}): Response => new Response(JSON.stringify(body), { status });
  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    const body = (init.body === undefined ? { username: '', password: '' } : JSON.parse(String(init.body))) as { username: string; password: string };
    if (init.method === undefined || init.method === 'GET') {
      const lockout = options.counts === 'never' ? null : { maxFailures: MAX_FAILURES, windowSeconds: 86_400, lockSeconds: 300 };
      const rateLimit = options.rateLimit === undefined ? null : { limit: options.rateLimit, windowSeconds: 60 };
      return json(200, { policy: { lockout, rateLimit } });
    }
    if (path === '/reset') {
      users.clear();
      failures.clear();
      logins = 0;
      return new Response(null, { status: 204 });
    }
    if (path === '/register') {
      users.set(body.username, body.password);
      return json(201, { username: body.username });
    }
    if (path === '/login') {
      const status = await login(body.username, body.password);
      return json(status, status === 200 ? { token: 'fake' } : { error: 'Invalid credentials' });
    }
    return json(404, { error: 'Not found' });
  };
  const target: CheckTarget = { baseUrl: 'http://127.0.0.1:9', fetch: fakeFetch as typeof fetch, advanceClock: async () => {} };
  return { target, logins: () => logins };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the check, moving the fake clock until it is done: no test waits for real milliseconds. */
async function runCheck(server: FakeLoginServer): Promise<CheckResult> {
  let done = false;
  const run = accountLockout.run(server.target).finally(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(1);
  return run;
}

describe('account-lockout', () => {
  it('passes a lockout that counts each attempt before checking its password, even against a burst', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first' }));
    expect(status).toBe('pass');
    expect(evidence.measurements).toEqual({ burstSize: 10, verified: 5, refused: 5, rightPasswordStatus: 423 });
    expect(evidence.explanation).toContain('10 guesses sent at once, the right one last, got 401 401 401 401 401 423 423 423 423 | right: 423');
  });

  it('fails check-then-count: the sequential guesses lock, the burst all gets checked', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'after-check' }));
    expect(status).toBe('fail');
    expect(evidence.explanation).toMatch(/^After 5 failures even the right password was refused \(HTTP 423\)\. But 10 guesses sent at once/);
    expect(evidence.measurements).toMatchObject({ burstSize: 10, verified: 10, rightPasswordStatus: 200 });
  });

  it('fails without a lockout before any burst is sent', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'never' }));
    expect(status).toBe('fail');
    expect(evidence.explanation).toBe('After 5 wrong passwords the right one still logged in: guessing can go on forever.');
  });

  it('keeps the burst within the published rate limit, and passes a lockout that holds inside it', async () => {
    const server = createFakeLoginServer({ counts: 'first', rateLimit: 6 });
    const { status, evidence } = await runCheck(server);
    expect(server.logins()).toBe(6);
    expect(status).toBe('pass');
    expect(evidence.measurements).toEqual({ burstSize: 6, verified: 5, refused: 1, rightPasswordStatus: 423 });
  });
});
