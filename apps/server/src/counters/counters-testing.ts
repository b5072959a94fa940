import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, createServer as createTCPServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { createErrorHandler } from '../http-error.ts';

/** What the counters' tests share: a small "process" serving one limited route, and polling. */

export const LIMIT = 10;

export interface LimitedProcess {
  /** GETs the limited route; resolves with the status and the parsed body. */
  hit(): Promise<{ status: number; body: unknown; retryAfter: string | null }>;
  /** What the app's error handler logged as unexpected (it logs no HttpError). */
  readonly unexpected: unknown[];
  close(): Promise<void>;
}

/**
 * One AuthLab-like process: a login route behind express-rate-limit with the given store, and
 * the app's own error handler after it, listening on a loopback port.
 */
export async function startLimitedProcess(store: Store): Promise<LimitedProcess> {
  const unexpected: unknown[] = [];
  const app = express();
  // One key for every request: the test's requests all stand for the same learner.
  app.use(
    rateLimit({
      store,
      limit: LIMIT,
      windowMs: 60_000,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      message: { error: 'Too many requests', code: 'rate_limited' },
      keyGenerator: () => 'learner',
    }),
  );
  app.get('/login', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(createErrorHandler({ log: (error) => unexpected.push(error) }));
  const server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    async hit() {
      const response = await fetch(`http://127.0.0.1:${port}/login`);
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), retryAfter: response.headers.get('retry-after') };
    },
    unexpected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Polls `probe` until it returns true; resolves with the milliseconds that took, rejects after `timeoutMs`. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await probe().catch(() => false)) return performance.now() - start;
    await sleep(25);
  }
  throw new Error(`Still not true after ${timeoutMs} ms`);
}

/**
 * A TCP relay in front of Redis (or PostgreSQL) that can stall: it stops reading both ways, so commands and
 * replies wait in the kernel's buffers as they would for a Redis that hangs (stopped, swapping)
 * while its connections stay open, and flow again, in order, once it resumes.
 */
export interface StallingRelay {
  readonly url: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startStallingRelay(redisURL: string): Promise<StallingRelay> {
  const target = new URL(redisURL);
  const sockets = new Set<Socket>();
  let stalled = false;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  };
  const relay = createTCPServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // After pipe(), which sets both flowing: a connection opened while stalled hangs like the others.
    if (stalled) for (const socket of [client, upstream]) socket.pause();
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }).listen(0, '127.0.0.1');
  await once(relay, 'listening');
  const { port } = relay.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    stall() {
      stalled = true;
      for (const socket of sockets) socket.pause();
    },
    resume() {
      stalled = false;
      for (const socket of sockets) socket.resume();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}
