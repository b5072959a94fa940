import type { ApiTarget } from '@authlab/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../check.ts';
import { accountLockout } from './account-lockout.ts';

const MAX_FAILURES = 5;
/** How long the fake takes to check a password: longer than the right password's head start. */
const HASH_MS = 20;
/** Like bcrypt's worker threads: at most this many passwords are checked at a time, the rest wait. */
const HASH_THREADS = 4;

interface FakeLoginServer {
  target: ApiTarget;
  /** The most login attempts between two resets: what a rate limit of the same size would see. */
  mostLoginsBetweenResets(): number;
}

/** The window the fake publishes, as stage 6 does. */
const WINDOW_SECONDS = 86_400;

interface FakeOptions {
  /**
   * `'first'` counts each attempt as it passes the lock (the fix); `'after-check'` counts a
   * failure once its password was checked (check-then-count); `'never'` has no lockout at all.
   */
  counts: 'first' | 'after-check' | 'never';
  rateLimit?: number;
  /**
   * When failures are forgotten: `'after-latest'` a window after the latest one (what it
   * publishes, the default); `'15-min-after-first'` a fixed 15 minutes after the first, whatever
   * it publishes; `'never'` not at all.
   */
  forgets?: 'after-latest' | '15-min-after-first' | 'never';
  /** Publish the lockout without its numbers (an exercise may), so there is no window to test. */
  publishesLockout?: boolean;
  /** The demo clock answers 403, as the lab does to another machine. */
  clockRefused?: boolean;
}

interface Failures {
  count: number;
  firstAtSeconds: number;
  latestAtSeconds: number;
}

/** An in-memory login API with a five-failure lockout, a demo clock and a slow password check. */
function createFakeLoginServer(options: FakeOptions): FakeLoginServer {
  const users = new Map<string, string>();
  const failures = new Map<string, Failures>();
  let nowSeconds = 0;
  let logins = 0;
  let mostLogins = 0;
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

  function forgotten({ firstAtSeconds, latestAtSeconds }: Failures): boolean {
    if (options.forgets === 'never') return false;
    if (options.forgets === '15-min-after-first') return nowSeconds - firstAtSeconds >= 15 * 60;
    return nowSeconds - latestAtSeconds >= WINDOW_SECONDS;
  }

  function countFailure(username: string): void {
    const before = failures.get(username);
    failures.set(username, { count: (before?.count ?? 0) + 1, firstAtSeconds: before?.firstAtSeconds ?? nowSeconds, latestAtSeconds: nowSeconds });
  }

  async function login(username: string, password: string): Promise<number> {
    logins += 1;
    mostLogins = Math.max(mostLogins, logins);
    const before = failures.get(username);
    if (before !== undefined && forgotten(before)) failures.delete(username);
    if (options.counts !== 'never' && (failures.get(username)?.count ?? 0) >= MAX_FAILURES) return 423;
    if (options.counts === 'first') countFailure(username);
    await checkPassword();
    if (users.get(username) === password) {
      failures.delete(username);
      return 200;
    }
    if (options.counts === 'after-check') countFailure(username);
    return 401;
  }

  const json = (status: number, body: unknown = {}): Response => new Response(JSON.stringify(body), { status });
  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    const body = (init.body === undefined ? { username: '', password: '' } : JSON.parse(String(init.body))) as { username: string; password: string };
    if (init.method === undefined || init.method === 'GET') {
      const published = options.counts !== 'never' && options.publishesLockout !== false;
      const lockout = published ? { maxFailures: MAX_FAILURES, windowSeconds: WINDOW_SECONDS, lockSeconds: 300 } : null;
      const rateLimit = options.rateLimit === undefined ? null : { limit: options.rateLimit, windowSeconds: 60 };
      return json(200, { policy: { lockout, rateLimit } });
    }
    if (path === '/reset') {
      users.clear();
      failures.clear();
      nowSeconds = 0;
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
  const advanceClock = async (seconds: number): Promise<void> => {
    if (options.clockRefused) throw new Error('could not move the demo clock: HTTP 403');
    nowSeconds += seconds;
  };
  const target: ApiTarget = { baseUrl: 'http://127.0.0.1:9', fetch: fakeFetch as typeof fetch, advanceClock };
  return { target, mostLoginsBetweenResets: () => mostLogins };
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

const WINDOW_MEASUREMENTS = { windowSeconds: 86_400, spacedSeconds: 86_340, staleSeconds: 86_460 };

describe('account-lockout', () => {
  it('passes a lockout that counts each attempt before checking its password, even against a burst', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first' }));
    expect(status).toBe('pass');
    expect(evidence.measurements).toEqual({ burstSize: 10, verified: 5, refused: 5, rightPasswordStatus: 423, ...WINDOW_MEASUREMENTS });
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

  it('keeps every part within the published rate limit, and passes a lockout that holds inside it', async () => {
    const server = createFakeLoginServer({ counts: 'first', rateLimit: 6 });
    const { status, evidence } = await runCheck(server);
    expect(server.mostLoginsBetweenResets()).toBe(6);
    expect(status).toBe('pass');
    expect(evidence.measurements).toEqual({ burstSize: 6, verified: 5, refused: 1, rightPasswordStatus: 423, ...WINDOW_MEASUREMENTS });
  });
});

describe('account-lockout on the published window', () => {
  it('says with the numbers that spaced failures add up and stale ones are forgotten', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first' }));
    expect(status).toBe('pass');
    expect(evidence.explanation).toContain(
      'The window holds as published (86400 s (24 h) from the latest failure): ' +
        'after 4 failures, 86340 s (23 h 59 min) on the demo clock, 1 more failure, the right password was refused (HTTP 423); ' +
        'on a fresh name, after 4 failures, 86460 s (24 h 1 min) on the demo clock, 1 more failure, it logged in (HTTP 200).',
    );
  });

  it('fails a lockout that forgets a fixed 15 minutes after the first failure, whatever it publishes', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first', forgets: '15-min-after-first' }));
    expect(status).toBe('fail');
    expect(evidence.explanation).toMatch(
      /But after 4 failures, 86340 s \(23 h 59 min\) on the demo clock, 1 more failure, the right password logged in: the early failures were forgotten within the published window of 86400 s \(24 h\)\.$/,
    );
  });

  it('fails a lockout that never forgets a failure', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first', forgets: 'never' }));
    expect(status).toBe('fail');
    expect(evidence.explanation).toMatch(
      /But after 4 failures, 86460 s \(24 h 1 min\) on the demo clock, 1 more failure, the right password was refused \(HTTP 423\): failures older than the published window of 86400 s \(24 h\) still counted\.$/,
    );
  });

  it('passes with a note when the demo clock is refused, rather than failing a lockout it could not time', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first', forgets: 'never', clockRefused: true }));
    expect(status).toBe('pass');
    expect(evidence.explanation).toMatch(
      /The demo clock could not be moved \(could not move the demo clock: HTTP 403\), so the published window of 86400 s \(24 h\) was not tested\.$/,
    );
    expect(evidence.measurements).not.toHaveProperty('windowSeconds');
  });

  it('says so when the lockout publishes no window to test', async () => {
    const { status, evidence } = await runCheck(createFakeLoginServer({ counts: 'first', forgets: 'never', publishesLockout: false }));
    expect(status).toBe('pass');
    expect(evidence.explanation).toMatch(/The stage publishes no lockout window, so none was tested\.$/);
  });
});
