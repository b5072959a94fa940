import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutServices } from '../../test/services/availability.ts';
import { freePort } from '../../test/services/free-port.ts';
import { startRedis, type RedisServer } from '../../test/services/redis.ts';
import { eventually, LIMIT, startLimitedProcess, startStallingRelay } from './counters-testing.ts';
import { connectRedisCounters, CountersUnavailableError, type SharedCounters } from './index.ts';

/**
 * Redis taken down under running counters: never a request let through uncounted, never a 500,
 * never a hang; and everything back by itself once Redis is, with the same SharedCounters.
 */

const skip = skipWithoutServices(import.meta.filename, ['redis']);
/** Failing fast: what the client's timeouts promise, with room for a loaded machine. */
const FAIL_FAST_MS = 2000;
/** The client retries at growing intervals up to a second: back within about that once Redis is. */
const RECONNECT_MS = 2500;
const OUTAGE_MS = 6000;
let testNumber = 0;

describe.skipIf(skip)('shared counters in Redis, when Redis goes away', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(() => redis?.stop());

  /** Counters with keys of the test's own, so that nothing one test counted reaches the next. */
  async function connect(options: { log?: string[]; keyPrefix?: string } = {}): Promise<SharedCounters> {
    const { log = [], keyPrefix = `authlab-outage-${++testNumber}:` } = options;
    return connectRedisCounters(redis.url, { keyPrefix, log: (line) => log.push(line) });
  }

  it('refuses to start when Redis is unreachable, naming the server but not its password', async () => {
    const port = await freePort();
    const log: string[] = [];
    const attempt = connectRedisCounters(`redis://:hunter2@127.0.0.1:${port}`, { log: (line) => log.push(line) });
    await expect(attempt).rejects.toThrow(`Could not reach Redis at 127.0.0.1:${port} (AUTHLAB_REDIS_URL): connect ECONNREFUSED`);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
    // No outage to report, and no client left retrying in the background to report one later.
    await sleep(500);
    expect(log).toEqual([]);
  });

  it('answers 503 at once while Redis is down and lets requests through again by itself once it is back', async () => {
    const log: string[] = [];
    const counters = await connect({ log });
    const process = await startLimitedProcess(counters.rateLimitStore('login'));
    try {
      expect((await process.hit()).status).toBe(200);

      await redis.kill();
      const killedAt = performance.now();
      const refused = await process.hit();
      const msTo503 = performance.now() - killedAt;
      expect(refused).toEqual({
        status: 503,
        body: { error: "The lab's shared counters (Redis) are unreachable; try again in a few seconds", code: 'counters_unavailable' },
        retryAfter: '5',
      });
      expect(msTo503).toBeLessThan(FAIL_FAST_MS);
      // Through the app's error handler as an HttpError: nothing logged as unexpected, no 500.
      expect(process.unexpected).toEqual([]);

      // Long enough for the client's retries to reach their longest wait, and for a line per retry to show.
      await sleep(OUTAGE_MS);
      await redis.restart();
      const msUntilPassing = await eventually(async () => (await process.hit()).status === 200, 10_000);
      expect(msUntilPassing).toBeLessThan(RECONNECT_MS);
      expect(log).toEqual([expect.stringMatching(/^Lost the connection to Redis/), expect.stringMatching(/^Reconnected to Redis/)]);
      console.info(`Redis down → 503 after ${msTo503.toFixed(0)} ms; Redis back after ${OUTAGE_MS} ms → requests pass ${msUntilPassing.toFixed(0)} ms later`);
    } finally {
      await process.close();
      await counters.close();
    }
  }, 30_000);

  it('rejects every operation with CountersUnavailableError at once, and serves them all again after the restart', async () => {
    const counters = await connect();
    try {
      await counters.leases.take('slot', 'run-1', '', 60_000);
      await redis.kill();

      const operations = {
        takePlace: () => counters.takePlace('w-abc', 8, 10_000),
        take: () => counters.leases.take('slot', 'run-2', '', 60_000),
        renew: () => counters.leases.renew('slot', 'run-1', 60_000),
        release: () => counters.leases.release('slot', 'run-1'),
        current: () => counters.leases.current('slot'),
      };
      for (const [name, operation] of Object.entries(operations)) {
        const start = performance.now();
        await expect(operation(), name).rejects.toBeInstanceOf(CountersUnavailableError);
        expect(performance.now() - start, name).toBeLessThan(FAIL_FAST_MS);
      }
      // Best effort, and never an unhandled rejection.
      counters.publish('class', 'lost');

      await redis.restart();
      await eventually(async () => (await counters.takePlace('w-abc', 8, 10_000)) !== undefined, 10_000);
      // Redis restarted empty: the slot is free again.
      expect(await counters.leases.take('slot', 'run-2', '', 60_000)).toEqual({ taken: true });
      expect(await counters.leases.current('slot')).toMatchObject({ holder: 'run-2' });
    } finally {
      await counters.close();
    }
  }, 30_000);

  it('answers 503 within the command timeout when Redis hangs with the connection open, and serves again once it answers', async () => {
    const relay = await startStallingRelay(redis.url);
    const counters = await connectRedisCounters(relay.url, { keyPrefix: `authlab-outage-${++testNumber}:`, log: () => {} });
    const process = await startLimitedProcess(counters.rateLimitStore('login'));
    try {
      expect((await process.hit()).status).toBe(200);
      relay.stall();
      const start = performance.now();
      const refused = await process.hit();
      const msTo503 = performance.now() - start;
      expect(refused).toMatchObject({ status: 503, body: { code: 'counters_unavailable' } });
      expect(msTo503).toBeLessThan(FAIL_FAST_MS + 500);
      await expect(counters.leases.current('slot')).rejects.toBeInstanceOf(CountersUnavailableError);

      relay.resume();
      await eventually(async () => (await process.hit()).status === 200, 5000);
      console.info(`Redis hung → 503 after ${msTo503.toFixed(0)} ms`);
    } finally {
      await process.close();
      await counters.close();
      await relay.close();
    }
  }, 30_000);

  it('delivers messages again after a restart, to subscriptions made before and during the outage', async () => {
    // Two processes, sharing their keys and channels.
    const keyPrefix = `authlab-outage-${++testNumber}:`;
    const [listener, publisher] = await Promise.all([connect({ keyPrefix }), connect({ keyPrefix })]);
    const heard: string[] = [];
    try {
      listener.subscribe('before', (message) => heard.push(`before: ${message}`));
      await eventually(async () => (publisher.publish('before', 'ping'), await sleep(20), heard.includes('before: ping')), 3000);

      await redis.kill();
      listener.subscribe('during', (message) => heard.push(`during: ${message}`));
      await redis.restart();

      await eventually(async () => {
        publisher.publish('before', 'back');
        publisher.publish('during', 'back');
        await sleep(20);
        return heard.includes('before: back') && heard.includes('during: back');
      }, 10_000);
    } finally {
      await Promise.all([listener.close(), publisher.close()]);
    }
  }, 30_000);

  it('keeps counting when Redis forgets the rate limiter scripts between two requests (NOSCRIPT)', async () => {
    const counters = await connect();
    const process = await startLimitedProcess(counters.rateLimitStore('login'));
    const admin = new Redis(redis.url);
    try {
      for (let i = 0; i < LIMIT - 1; i++) expect((await process.hit()).status).toBe(200);
      // What a restart that nobody's request noticed leaves behind: the same keys, no scripts.
      await admin.script('FLUSH');
      expect((await process.hit()).status).toBe(200);
      expect((await process.hit()).status).toBe(429);
    } finally {
      admin.disconnect();
      await process.close();
      await counters.close();
    }
  });

  it('counts with a limiter that was created while Redis was away, once Redis is back', async () => {
    const counters = await connect();
    await redis.kill();
    // express-rate-limit initialises the store (loading its scripts) now, and that fails.
    const process = await startLimitedProcess(counters.rateLimitStore('register'));
    try {
      expect((await process.hit()).status).toBe(503);
      await redis.restart();
      await eventually(async () => (await process.hit()).status === 200, 10_000);
      const statuses = await Promise.all(Array.from({ length: 12 }, () => process.hit().then((response) => response.status)));
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(process.unexpected).toEqual([]);
    } finally {
      await process.close();
      await counters.close();
    }
  }, 30_000);
});
