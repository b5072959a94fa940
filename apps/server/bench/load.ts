import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import type { StageSettings } from '../src/stage.ts';
import type { WorkspaceLimits } from '../src/classroom/workspace-gate.ts';

/** The tools the figures are measured with: a server in its own process, load, and a latency probe. */

export interface BenchServer {
  url: string;
  /** The server's own process, for reading its memory and CPU time from /proc. */
  pid: number;
  /** The class's join code, in classroom mode. */
  joinCode?: string;
  /** bcrypt compares started and CPU milliseconds used by the server so far. */
  stats(): Promise<{ compares: number; cpuMs: number }>;
  /** POSTs JSON and returns the parsed reply. */
  post(route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** Where a bench server keeps its class and counts, and whom it trusts to name the client: see bench/server.ts. */
export interface Deployment {
  /** PostgreSQL (AUTHLAB_DATABASE_URL); a throwaway SQLite file without it. */
  databaseUrl?: string;
  /** Redis (AUTHLAB_REDIS_URL); this process's memory without it. */
  redisUrl?: string;
  /** Express's `trust proxy` (AUTHLAB_TRUST_PROXY): 1 behind one proxy. */
  trustProxy?: number;
}

/**
 * Starts bench/server.ts in production mode on an ephemeral loopback port; in classroom mode with
 * `classroom` given, and in a scaled deployment with `deployment` given.
 */
export function startBenchServer(
  settings: Partial<StageSettings> & { bcryptCost: number },
  classroom?: { limits: WorkspaceLimits },
  deployment?: Deployment,
): Promise<BenchServer> {
  const args = [JSON.stringify(settings), JSON.stringify(classroom ?? null), JSON.stringify(deployment ?? null)];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(import.meta.dirname, 'server.ts'), ...args], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening (http:\/\/\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      const json = async (method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
        const response = await fetch(`${url}${route}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
      };
      const joinCode = /join-code (\S+)/.exec(output)?.[1];
      resolve({
        url,
        pid: child.pid ?? 0,
        ...(joinCode === undefined ? {} : { joinCode }),
        stats: async () => (await json('GET', '/bench/stats')).body as { compares: number; cpuMs: number },
        post: (route, body) => json('POST', route, body),
        stop: () => (child.kill('SIGTERM'), exited),
      });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}: ${output}`)));
  });
}

export interface LoadOptions {
  url: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** Completed responses per second, whatever their status. */
  rps: number;
  completed: number;
  statuses: Record<string, number>;
  errors: number;
}

/** Drives one route with autocannon: `connections` clients, each sending its next request as soon as the last is answered. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: `${options.url}${options.path}`,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.durationSeconds,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const completed = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0]));
  return { rps: completed / result.duration, completed, statuses, errors: result.errors };
}

/**
 * Measures one route's latency the way a user would feel it: one request every `intervalMs` on
 * its own connection, with sub-millisecond resolution. A request sent late because the last
 * answer was late is timed from when it was due, so a stalled server cannot hide the requests
 * it delayed (coordinated omission).
 */
export async function probeLatency(url: string, route: string, options: { durationSeconds: number; intervalMs: number }): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (): Promise<void> =>
    new Promise((resolve, reject) => {
      request(`${url}${route}`, { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
  const latenciesMs: number[] = [];
  const start = performance.now();
  const count = Math.max(1, Math.floor((options.durationSeconds * 1000) / options.intervalMs));
  for (let index = 0; index < count; index += 1) {
    const due = start + index * options.intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // On schedule: time from the send, so our own timer's lateness is not charged to the server.
    // Behind schedule (the last answer came late): time from when it was due.
    const from = wait > 0 ? performance.now() : due;
    await get();
    latenciesMs.push(performance.now() - from);
  }
  agent.destroy();
  return latenciesMs;
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}
