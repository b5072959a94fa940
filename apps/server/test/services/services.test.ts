import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutServices } from './availability.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';
import { startRedis, type RedisServer } from './redis.ts';

/** The harness the scale-out tests stand on: real servers, isolated from each other, cleaned up. */

const skip = skipWithoutServices(import.meta.filename, ['postgres', 'redis']);

describe.skipIf(skip)('startPostgres()', () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 30_000);
  afterAll(() => postgres?.stop());

  it('answers a query on its own loopback port, as the authlab superuser', async () => {
    expect(postgres.url).toMatch(/^postgres:\/\/authlab@127\.0\.0\.1:\d+\/postgres$/);
    const rows = await select<{ who: string; sum: number }>(postgres.url, 'SELECT current_user AS who, 1 + 1 AS sum');
    expect(rows).toEqual([{ who: 'authlab', sum: 2 }]);
  });

  it('skips flushing to disk unless asked to be durable, and names its own process', async () => {
    expect(await select(postgres.url, 'SHOW fsync')).toEqual([{ fsync: 'off' }]);
    expect(commandOf(postgres.pid)).toBe('postgres');
    const durable = await startPostgres({ durable: true });
    try {
      expect(await select(durable.url, 'SHOW fsync')).toEqual([{ fsync: 'on' }]);
    } finally {
      await durable.stop();
    }
  }, 30_000);

  it('gives each createDatabase() call its own empty database', async () => {
    const first = await postgres.createDatabase();
    const second = await postgres.createDatabase();
    expect(first).not.toBe(second);
    await select(first, 'CREATE TABLE learners (name text)');
    await select(first, "INSERT INTO learners VALUES ('Ada')");
    expect(await select(first, 'SELECT name FROM learners')).toEqual([{ name: 'Ada' }]);
    expect(await select(second, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'learners'")).toEqual([{ n: 0 }]);
  });

  it('stops for good: its directory is gone, the port refuses, and a second stop() is harmless', async () => {
    const own = await startPostgres();
    const dataDir = (await select<{ setting: string }>(own.url, "SELECT setting FROM pg_settings WHERE name = 'data_directory'"))[0]?.setting ?? '';
    // The scratch directory around the data: it holds the socket too.
    const scratch = path.dirname(dataDir);
    expect(existsSync(path.join(scratch, `.s.PGSQL.${new URL(own.url).port}`))).toBe(true);
    await own.stop();
    expect(existsSync(scratch)).toBe(false);
    await expect(reachable(own.url)).resolves.toBe(false);
    await own.stop();
  }, 30_000);
});

describe.skipIf(skip)('startRedis()', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    // Fails fast while Redis is down instead of queueing commands until it returns.
    client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
    client.on('error', () => {});
    await client.connect();
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('stores and returns a value', async () => {
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
  });

  it('fails commands after kill(), and answers again on the same URL after restart(), empty', async () => {
    const firstPid = redis.pid();
    expect(commandOf(firstPid)).toBe('redis-server');
    await client.set('before', 'kept?');
    await redis.kill();
    await expect(client.get('before')).rejects.toThrow();
    await expect(reachable(redis.url)).resolves.toBe(false);
    await redis.restart();
    const fresh = new Redis(redis.url, { lazyConnect: true });
    try {
      await fresh.connect();
      expect(await fresh.ping()).toBe('PONG');
      // Nothing is saved: what a real outage would lose, this one loses too.
      expect(await fresh.get('before')).toBeNull();
      // A new process, and pid() names it.
      expect(redis.pid()).not.toBe(firstPid);
      expect(commandOf(redis.pid())).toBe('redis-server');
    } finally {
      fresh.disconnect();
    }
  });

  it('stops for good: the port refuses, and a second stop() is harmless', async () => {
    const own = await startRedis();
    await own.stop();
    await expect(reachable(own.url)).resolves.toBe(false);
    await own.stop();
    await expect(own.restart()).rejects.toThrow(/stopped for good/);
  });
});

/** The command name the kernel keeps for a process (/proc/<pid>/comm). */
function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

async function select<Row>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Whether anything accepts a TCP connection at the URL's host and port. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
