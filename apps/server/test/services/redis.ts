import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { installHint, REDIS_SERVER, redisInstalled } from './availability.ts';
import { freePort } from './free-port.ts';
import { spawnService, type ServiceProcess } from './service-process.ts';

/** A throwaway Redis of the test's own, which a test can take down and bring back. */
export interface RedisServer {
  readonly url: string; // redis://127.0.0.1:<port>
  /** Stops Redis (SIGTERM, nothing saved) and waits for it to exit; the port is kept for restart(). */
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill()); resolves once it answers PING. */
  restart(): Promise<void>;
  /** Final: kill and delete its directory. Idempotent. */
  stop(): Promise<void>;
  /** The process id of the running server (a new one after restart()). */
  pid(): number;
}

const READY_TIMEOUT_MS = 10_000;

export async function startRedis(): Promise<RedisServer> {
  if (!redisInstalled()) throw new Error(installHint('redis'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'authlab-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  // No snapshots, no append-only file: a restarted Redis starts empty, as after losing its memory.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', scratch, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no'];

  let server: ServiceProcess | undefined;
  async function start(): Promise<void> {
    const started = spawnService(REDIS_SERVER, args, { cwd: scratch, orphanSignal: 'SIGTERM' });
    server = started;
    try {
      await started.waitUntilReady(() => ping(url), { name: 'Redis', timeoutMs: READY_TIMEOUT_MS });
    } catch (error) {
      await started.stop('SIGTERM');
      throw error;
    }
  }
  async function kill(): Promise<void> {
    await server?.stop('SIGTERM');
  }
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= kill().then(() => rmSync(scratch, { recursive: true, force: true })));

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    kill,
    async restart() {
      if (stopped !== undefined) throw new Error('This Redis was stopped for good; start another');
      await kill();
      await start();
    },
    stop,
    pid: () => server?.pid ?? 0,
  };
}

async function ping(url: string): Promise<void> {
  // One attempt per call, no reconnecting and no queueing: waitUntilReady does the retrying.
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}
