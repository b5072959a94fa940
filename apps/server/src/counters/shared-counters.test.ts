import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWithoutServices } from '../../test/services/availability.ts';
import { startRedis, type RedisServer } from '../../test/services/redis.ts';
import { eventually, LIMIT, startLimitedProcess } from './counters-testing.ts';
import { connectRedisCounters, createMemoryCounters, type SharedCounters } from './index.ts';

/**
 * One suite, both implementations, each run as two processes would run it: two SharedCounters.
 * Within one process they behave alike. Across two, Redis counts once for both, while memory
 * counts in each process apart: the per-process mistake, asserted as such (`perProcess`).
 */

const skipRedis = skipWithoutServices(import.meta.filename, ['redis']);
let redis: RedisServer | undefined;
let testNumber = 0;

beforeAll(async () => {
  if (!skipRedis) redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

const implementations = [
  {
    name: 'memory',
    perProcess: true,
    skip: false,
    open: async (): Promise<[SharedCounters, SharedCounters]> => [createMemoryCounters(), createMemoryCounters()],
  },
  {
    name: 'Redis',
    perProcess: false,
    skip: skipRedis,
    open: async (): Promise<[SharedCounters, SharedCounters]> => {
      if (redis === undefined) throw new Error('Redis did not start');
      // Keys of their own per test: nothing one test counted reaches the next.
      const options = { keyPrefix: `authlab-test-${++testNumber}:` };
      return Promise.all([connectRedisCounters(redis.url, options), connectRedisCounters(redis.url, options)]);
    },
  },
];

describe.each(implementations)('shared counters in $name', ({ name, perProcess, skip, open }) => {
  /** What two processes together allow: the limit once when they share it, once each when not. */
  const together = (limit: number): number => (perProcess ? 2 * limit : limit);
  let first: SharedCounters;
  let second: SharedCounters;

  beforeEach(async () => {
    if (skip) return;
    [first, second] = await open();
    return async () => {
      await Promise.all([first.close(), second.close()]);
    };
  });

  describe.skipIf(skip)('rateLimitStore', () => {
    it(`lets ${name === 'Redis' ? 'exactly the limit' : 'the limit per process'} through from 40 requests alternating between two processes`, async () => {
      const processes = await Promise.all([startLimitedProcess(first.rateLimitStore('p')), startLimitedProcess(second.rateLimitStore('p'))]);
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) statuses.push((await processes[i % 2]!.hit()).status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(together(LIMIT));
        expect(statuses.filter((status) => status === 429)).toHaveLength(40 - together(LIMIT));
        expect(first.kind).toBe(perProcess ? 'memory' : 'redis');
      } finally {
        await Promise.all(processes.map((process) => process.close()));
      }
    });

    it('keeps the counts of two prefixes apart', async () => {
      const [login, registration] = await Promise.all([startLimitedProcess(first.rateLimitStore('w-a/login')), startLimitedProcess(first.rateLimitStore('w-a/register'))]);
      try {
        for (let i = 0; i < LIMIT; i++) expect((await login.hit()).status).toBe(200);
        expect((await login.hit()).status).toBe(429);
        expect((await registration.hit()).status).toBe(200);
      } finally {
        await Promise.all([login.close(), registration.close()]);
      }
    });
  });

  describe.skipIf(skip)('rateLimitStore.resetAll', () => {
    it('forgets every count of its own prefix (a stage reset), and only those', async () => {
      const ownStore = first.rateLimitStore('w-a/lockout:login');
      const [own, neighbour] = await Promise.all([startLimitedProcess(ownStore), startLimitedProcess(first.rateLimitStore('w-a/lockout:login-other'))]);
      try {
        for (let i = 0; i < LIMIT; i++) {
          await own.hit();
          await neighbour.hit();
        }
        expect([(await own.hit()).status, (await neighbour.hit()).status]).toEqual([429, 429]);
        await ownStore.resetAll?.();
        expect([(await own.hit()).status, (await neighbour.hit()).status]).toEqual([200, 429]);
      } finally {
        await Promise.all([own.close(), neighbour.close()]);
      }
    });
  });

  describe.skipIf(skip)('takePlace', () => {
    it(`grants ${perProcess ? 'max in each process' : 'exactly max'} of 50 concurrent takes split over two processes`, async () => {
      const takes = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).takePlace('w-abc', 8, 10_000));
      const granted = (await Promise.all(takes)).filter((release) => release !== undefined);
      expect(granted).toHaveLength(together(8));
    });

    it('gives a released place to the next taker, and a second release frees nothing more', async () => {
      const releases = await Promise.all(Array.from({ length: 3 }, () => first.takePlace('w-abc', 3, 10_000)));
      expect(await first.takePlace('w-abc', 3, 10_000)).toBeUndefined();
      releases[0]!();
      releases[0]!();
      await eventually(async () => (await first.takePlace('w-abc', 3, 10_000)) !== undefined, 2000);
      expect(await first.takePlace('w-abc', 3, 10_000)).toBeUndefined();
    });

    it('frees a place nobody gave back once its lease runs out', async () => {
      const start = performance.now();
      expect(await first.takePlace('w-abc', 1, 300)).toBeDefined();
      expect(await first.takePlace('w-abc', 1, 300)).toBeUndefined();
      await eventually(async () => (await first.takePlace('w-abc', 1, 300)) !== undefined, 3000);
      expect(performance.now() - start).toBeGreaterThanOrEqual(290);
    });

    it('counts each key apart', async () => {
      expect(await first.takePlace('w-a', 1, 10_000)).toBeDefined();
      expect(await first.takePlace('w-b', 1, 10_000)).toBeDefined();
    });
  });

  describe.skipIf(skip)('leases', () => {
    it('answers a second taker with the holder, its data and the time left', async () => {
      expect(await first.leases.take('slot', 'run-1', '{"attack":"brute"}', 10_000)).toEqual({ taken: true });
      const refused = await first.leases.take('slot', 'run-2', '{}', 10_000);
      expect(refused).toMatchObject({ taken: false, holder: 'run-1', data: '{"attack":"brute"}' });
      expect(refused.taken === false && refused.ttlMs).toBeGreaterThan(9000);
      expect(await first.leases.current('slot')).toMatchObject({ holder: 'run-1', data: '{"attack":"brute"}' });
    });

    it('renews and releases only for its holder', async () => {
      await first.leases.take('slot', 'run-1', '', 10_000);
      expect(await first.leases.renew('slot', 'run-2', 60_000)).toBe(false);
      expect(await first.leases.release('slot', 'run-2')).toBe(false);
      expect(await first.leases.renew('slot', 'run-1', 60_000)).toBe(true);
      expect((await first.leases.current('slot'))?.ttlMs).toBeGreaterThan(50_000);
      expect(await first.leases.release('slot', 'run-1')).toBe(true);
      expect(await first.leases.current('slot')).toBeUndefined();
      expect(await first.leases.renew('slot', 'run-1', 60_000)).toBe(false);
      expect(await first.leases.take('slot', 'run-2', '', 10_000)).toEqual({ taken: true });
    });

    it('runs out after its ttl, and a renewal pushes that back', async () => {
      await first.leases.take('renewed', 'run-1', '', 300);
      await first.leases.take('left', 'run-2', '', 300);
      expect(await first.leases.renew('renewed', 'run-1', 5000)).toBe(true);
      const expiredAfterMs = await eventually(async () => (await first.leases.current('left')) === undefined, 3000);
      expect(expiredAfterMs).toBeGreaterThanOrEqual(200);
      expect(await first.leases.current('renewed')).toMatchObject({ holder: 'run-1' });
      expect(await first.leases.renew('left', 'run-2', 5000)).toBe(false);
      expect(await first.leases.take('left', 'run-3', '', 300)).toEqual({ taken: true });
    });

    it(`lets ${perProcess ? 'one taker per process' : 'exactly one taker'} win when two processes race for it`, async () => {
      const takes = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).leases.take('slot', `run-${i}`, '', 10_000));
      const winners = (await Promise.all(takes)).filter((result) => result.taken);
      expect(winners).toHaveLength(together(1));
    });
  });

  describe.skipIf(skip)('publish and subscribe', () => {
    it(`tells ${perProcess ? 'only this process' : 'every process, this one included'}`, async () => {
      const heard: string[] = [];
      first.subscribe('class', (message) => heard.push(`first: ${message}`));
      second.subscribe('class', (message) => heard.push(`second: ${message}`));
      // Redis confirms a subscription asynchronously: wait until this process hears its own message.
      await eventually(async () => (first.publish('class', 'ping'), await sleep(20), heard.includes('first: ping')), 3000);
      heard.length = 0;
      first.publish('class', 'joined');
      await eventually(async () => heard.includes('first: joined'), 2000);
      await sleep(100);
      expect(heard.filter((line) => line.endsWith('joined')).sort()).toEqual(perProcess ? ['first: joined'] : ['first: joined', 'second: joined']);
    });

    it('stops telling a listener once it unsubscribes, and keeps channels apart', async () => {
      const heard: string[] = [];
      const unsubscribe = first.subscribe('class', (message) => heard.push(`class: ${message}`));
      first.subscribe('other', (message) => heard.push(`other: ${message}`));
      await eventually(async () => (first.publish('class', 'ping'), await sleep(20), heard.includes('class: ping')), 3000);
      unsubscribe();
      first.publish('class', 'after');
      first.publish('other', 'after');
      await eventually(async () => heard.includes('other: after'), 2000);
      expect(heard).not.toContain('class: after');
    });
  });
});
