import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@authlab/lab-files';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePorts, skipWithoutCaddy, startCaddy, type RunningCaddy } from './caddy.ts';
import { DEPLOY_CADDYFILE, loopbackSite } from './deploy-caddy.ts';

/**
 * deploy/Caddyfile, the proxy of the scaled classroom (compose.yaml), run by Debian's Caddy in
 * front of three stand-in processes on loopback ports: plain HTTP servers that say which of them
 * answered and what the proxy told them. The setting that differs from compose.yaml is where the
 * processes are (AUTHLAB_UPSTREAMS: a fixed list here, Docker's DNS there).
 */

const skip = skipWithoutCaddy('deploy-caddyfile.test.ts');

interface Backend {
  name: string;
  server: Server;
  healthy: boolean;
  /** Responses to /hold, answered when the test lets them go. */
  held: ServerResponse[];
}

interface Seen {
  backend: string;
  host: string | undefined;
  forwardedFor: string;
  forwardedProto: string;
}

let scratch: string;
let backends: Backend[] = [];
let caddy: RunningCaddy | undefined;
/** What learners type: the Host header each process must get unchanged. */
let site: string;

beforeAll(async () => {
  if (skip) return;
  scratch = mkdtempSync(path.join(tmpdir(), 'authlab-deploy-proxy-'));
  backends = await Promise.all(['a', 'b', 'c'].map(startBackend));
  const [httpsPort = 0, httpPort = 0] = await freePorts(2);
  site = `localhost:${httpsPort}`;
  caddy = await startCaddy({
    caddyfile: path.join(REPO_ROOT, DEPLOY_CADDYFILE),
    scratch,
    httpsPort,
    env: loopbackSite(
      backends.map(({ server }) => `127.0.0.1:${(server.address() as AddressInfo).port}`),
      { https: httpsPort, http: httpPort },
    ),
    async ready(running) {
      expect((await running.send('GET', '/api/health')).status).toBe(200);
    },
  });
}, 30_000);

afterAll(async () => {
  await caddy?.stop();
  for (const backend of backends) {
    for (const response of backend.held) response.end();
    backend.server.closeAllConnections();
    await new Promise((resolve) => backend.server.close(resolve));
  }
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(skip)('deploy/Caddyfile in front of three processes', () => {
  it('spreads requests over every process', async () => {
    const answered = new Set<string>();
    for (let attempt = 0; attempt < 30 && answered.size < 3; attempt++) answered.add((await whoAnswers()).backend);
    expect([...answered].sort()).toEqual(['a', 'b', 'c']);
  });

  it("tells each process the client's own address, in place of any X-Forwarded-For the client sent, and that TLS was used", async () => {
    const seen = await whoAnswers({ 'X-Forwarded-For': '203.0.113.9' });
    expect(seen.forwardedFor).toBe('127.0.0.1');
    expect(seen.forwardedProto).toBe('https');
    expect(seen.host).toBe(site);
  });

  it('sends the next requests to the processes with fewer in flight: a long-lived stream does not pile up with others', async () => {
    const stream = await caddy?.open('GET', '/hold');
    expect(stream?.headers['content-type']).toBe('text/event-stream');
    const holder = backends.find(({ held }) => held.length === 1);
    expect(holder).toBeDefined();
    try {
      // One at a time, so that the stream is the only request in flight anywhere. Round-robin
      // would send every third to the holder; random, each with a chance of one in three.
      const answered: string[] = [];
      for (let request = 0; request < 12; request++) answered.push((await whoAnswers()).backend);
      expect(answered).not.toContain(holder?.name);
    } finally {
      stream?.destroy();
    }
  });

  it('passes a server-sent event on as soon as the process writes it', async () => {
    const stream = await caddy?.open('GET', '/hold');
    try {
      stream?.setEncoding('utf8');
      const first = await new Promise<string>((resolve) => stream?.once('data', resolve));
      expect(first).toBe('data: {"live":true}\n\n');
    } finally {
      stream?.destroy();
    }
  });

  it('stops sending requests to a process whose health check fails, and takes it back once it passes', async () => {
    const [sick] = backends;
    if (sick === undefined) throw new Error('no backends');
    sick.healthy = false;
    try {
      // Caddy asks every 2 s; from then on, twenty requests in a row avoid it.
      await vi.waitFor(
        async () => {
          const answered = await Promise.all(Array.from({ length: 20 }, () => whoAnswers()));
          expect(answered.map(({ backend }) => backend)).not.toContain(sick.name);
        },
        { timeout: 8_000, interval: 500 },
      );
    } finally {
      sick.healthy = true;
    }
    await vi.waitFor(
      async () => {
        const answered = new Set<string>();
        for (let attempt = 0; attempt < 30 && !answered.has(sick.name); attempt++) answered.add((await whoAnswers()).backend);
        expect(answered).toContain(sick.name);
      },
      { timeout: 8_000, interval: 500 },
    );
  });

  // Last: it stops one of the processes.
  it('answers every request while a process is gone, retrying on another', async () => {
    const [, gone] = backends;
    if (gone === undefined) throw new Error('no backends');
    gone.server.closeAllConnections();
    await new Promise((resolve) => gone.server.close(resolve));
    const answered = await Promise.all(Array.from({ length: 20 }, () => caddy?.send('GET', '/who')));
    expect(answered.map((answer) => answer?.status)).toEqual(Array.from({ length: 20 }, () => 200));
  });
});

/** One request through Caddy to a stand-in process: which one answered, and the headers it got. */
async function whoAnswers(headers: Record<string, string> = {}): Promise<Seen> {
  const answer = await caddy?.send('GET', '/who', { headers });
  expect(answer?.status).toBe(200);
  return JSON.parse(answer?.body ?? '{}') as Seen;
}

/**
 * A stand-in for an AuthLab process: /api/health answers 200 while `healthy`, /hold opens an
 * event stream with one event and keeps it open, and anything else reports what it was sent.
 */
async function startBackend(name: string): Promise<Backend> {
  const backend: Backend = { name, server: createServer(), healthy: true, held: [] };
  backend.server.on('request', (req, res) => {
    if (req.url === '/api/health') {
      res.writeHead(backend.healthy ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: backend.healthy ? 'ok' : 'unavailable' }));
    } else if (req.url === '/hold') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write('data: {"live":true}\n\n');
      backend.held.push(res);
      res.on('close', () => backend.held.splice(backend.held.indexOf(res), 1));
    } else {
      const seen: Seen = {
        backend: name,
        host: req.headers.host,
        forwardedFor: String(req.headers['x-forwarded-for']),
        forwardedProto: String(req.headers['x-forwarded-proto']),
      };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(seen));
    }
  });
  await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
  return backend;
}
