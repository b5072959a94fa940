import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { caddyHome } from './deploy-caddy.ts';

/** Debian's Caddy, run with one of the repository's Caddyfiles: what an instructor runs in front of AuthLab. */

const HOW_TO_INSTALL = 'Caddy is not installed: `apt-get install caddy` (Debian, Ubuntu) or https://caddyserver.com/docs/install';
const caddyInstalled = spawnSync('caddy', ['version']).status === 0;

/** True when a test file that needs Caddy should skip: a developer without it is told; CI must have it, and fails in {@link startCaddy}. */
export function skipWithoutCaddy(testFile: string): boolean {
  const skip = !caddyInstalled && process.env.CI !== 'true';
  if (skip) console.warn(`${testFile} skipped. ${HOW_TO_INSTALL}`);
  return skip;
}

export interface RunningCaddy {
  /** The PEM root of Caddy's own local authority, which signed the site's certificate. */
  rootCertificate: string;
  rootCertificateFile: string;
  /** One request to https://localhost:<httpsPort> through Caddy, trusting its root certificate and nothing else; the answer unread. */
  open(method: string, pathname: string, options?: RequestOptions): Promise<IncomingMessage>;
  /** The same, read to the end. */
  send(method: string, pathname: string, options?: RequestOptions): Promise<Answer>;
  /** Everything Caddy printed so far. */
  output(): string;
  /** SIGKILL to Caddy's process group: whatever it started ends with it. */
  stop(): Promise<void>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: object;
}

export interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * `caddy run` with `caddyfile`, its data and configuration kept under `scratch`, and nothing from
 * this environment but PATH and `env` (the Caddyfile's {$AUTHLAB_…} settings, which must make it
 * serve the site localhost on `httpsPort`). Resolves once Caddy's local authority has written its
 * root certificate and `ready` passes.
 */
export async function startCaddy(options: {
  caddyfile: string;
  scratch: string;
  httpsPort: number;
  env: Record<string, string>;
  ready: (caddy: RunningCaddy) => Promise<void>;
}): Promise<RunningCaddy> {
  if (!caddyInstalled) throw new Error(HOW_TO_INSTALL);
  const { scratch } = options;
  const child = spawn('caddy', ['run', '--config', options.caddyfile, '--adapter', 'caddyfile'], {
    // Its own process group, so that the end of the test stops everything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...caddyHome(scratch), ...options.env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const caddy: RunningCaddy = {
    rootCertificate: '',
    rootCertificateFile: path.join(scratch, 'data/caddy/pki/authorities/local/root.crt'),
    open: (method, pathname, requestOptions = {}) => openThrough(options.httpsPort, caddy.rootCertificate, method, pathname, requestOptions),
    async send(method, pathname, requestOptions) {
      const response = await caddy.open(method, pathname, requestOptions);
      let body = '';
      for await (const chunk of response) body += String(chunk);
      return { status: response.statusCode ?? 0, headers: response.headers, body };
    },
    output: () => output,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) {
        process.kill(-child.pid, 'SIGKILL');
        await exited;
      }
    },
  };
  try {
    await vi.waitFor(
      async () => {
        expect(existsSync(caddy.rootCertificateFile), output).toBe(true);
        caddy.rootCertificate = readFileSync(caddy.rootCertificateFile, 'utf8');
        await options.ready(caddy);
      },
      { timeout: 15_000, interval: 200 },
    );
  } catch (error) {
    await caddy.stop();
    throw error;
  }
  return caddy;
}

function openThrough(port: number, ca: string, method: string, pathname: string, options: RequestOptions): Promise<IncomingMessage> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        method,
        path: pathname,
        ca,
        agent: false,
        headers: { Host: `localhost:${port}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...options.headers },
      },
      resolve,
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Ports nobody listens on right now, on loopback. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
