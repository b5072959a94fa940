import { createServer as createHTTPServer, type Server as HTTPServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WireTapError, tapOneRequest, type WireTapOptions } from './wire-tap.ts';

const AUTHORIZATION = 'Basic YWxpY2U6c2VjcmV0';
const servers: (Server | HTTPServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen<T extends Server | HTTPServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function options(port: number, extra: Partial<WireTapOptions> = {}): WireTapOptions {
  return { upstream: { host: '127.0.0.1', port }, transport: 'http', path: '/records', headers: { Host: `127.0.0.1:${port}`, Authorization: AUTHORIZATION }, ...extra };
}

/** TCP servers and sockets this process holds open. */
async function openTCPHandles(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap' || name === 'TCPSocketWrap').length;
}

async function rejection(promise: Promise<unknown>): Promise<WireTapError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WireTapError);
  return error as WireTapError;
}

describe('tapOneRequest', () => {
  it('relays the request for real and keeps the bytes the client sent, header and all', async () => {
    const seen: string[] = [];
    const port = await listen(createHTTPServer((req, res) => (seen.push(req.headers.authorization ?? ''), res.end('ok'))));
    const before = await openTCPHandles();
    const tapped = await tapOneRequest(options(port));
    expect(seen).toEqual([AUTHORIZATION]);
    expect(tapped.victimStatus).toBe(200);
    expect(tapped.captured.toString('latin1')).toMatch(/^GET \/records HTTP\/1\.1\r\n[\s\S]*Authorization: Basic YWxpY2U6c2VjcmV0\r\n/);
    expect(tapped.totalBytes).toBe(tapped.captured.length);
    // The relay and both of its connections are gone once it answers.
    expect(await openTCPHandles()).toBeLessThanOrEqual(before);
  });

  it('keeps only the first keepBytes but counts everything the client sent', async () => {
    const port = await listen(createHTTPServer((_req, res) => res.end()));
    const tapped = await tapOneRequest(options(port, { keepBytes: 10 }));
    expect(tapped.captured.toString('latin1')).toBe('GET /recor');
    expect(tapped.totalBytes).toBeGreaterThan(100);
  });

  it('gives up after timeoutMs when the server never answers, and closes everything', async () => {
    const held: Socket[] = [];
    const port = await listen(createServer((socket) => held.push(socket)));
    const before = await openTCPHandles();
    const started = performance.now();
    expect((await rejection(tapOneRequest(options(port, { timeoutMs: 200 })))).reason).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    // What is left is the test server's side of the connection, which the relay does not own.
    await Promise.all(held.map((socket) => new Promise((resolve) => socket.destroy().once('close', resolve))));
    expect(await openTCPHandles()).toBeLessThanOrEqual(before);
  });

  it('hangs up on an answer larger than it relays', async () => {
    const port = await listen(createHTTPServer((_req, res) => res.end('x'.repeat(200_000))));
    expect((await rejection(tapOneRequest(options(port, { maxRelayBytes: 64 * 1024 })))).reason).toBe('too-large');
  });

  it('reports a server that is not there as a failure', async () => {
    const port = await listen(createServer());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect((await rejection(tapOneRequest(options(port)))).reason).toBe('failed');
  });
});
