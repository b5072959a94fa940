import { request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { WireTransport } from '@authlab/contract';

/**
 * A sniffer on the network path, built for the lab: a one-connection TCP relay on loopback that
 * forwards a victim's request to the lab server and keeps a copy of every byte the victim sent.
 * The request really crosses it, over the transport the lab serves, so what it shows is what
 * anyone between a browser and the server would read.
 */

export interface WireTapOptions {
  /** Where the lab server listens (loopback). */
  upstream: { host: string; port: number };
  transport: WireTransport;
  /** Over HTTPS, the PEM certificate the victim's client trusts: the lab's own, as a browser that accepted it. */
  trustedCertificate?: string;
  /** The victim's request: always a GET, e.g. `/api/stages/basic/records`. */
  path: string;
  headers: OutgoingHttpHeaders;
  /** The sniffer keeps this many bytes of what the victim sent. */
  keepBytes?: number;
  /** More than this in either direction and the relay hangs up: one small request needs far less. */
  maxRelayBytes?: number;
  /** The whole exchange, relay included. */
  timeoutMs?: number;
}

export interface TappedRequest {
  /** The first `keepBytes` bytes the victim's client sent. */
  captured: Buffer;
  /** How many it sent in all. */
  totalBytes: number;
  /** The status the victim's request got. */
  victimStatus: number;
}

export class WireTapError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'too-large' | 'failed',
  ) {
    super(message);
  }
}

const DEFAULT_KEEP_BYTES = 16 * 1024;
const DEFAULT_MAX_RELAY_BYTES = 256 * 1024;
const DEFAULT_TIMEOUT_MS = 5000;

/** Sends one victim request through a fresh relay and returns what crossed it; the relay is gone when this settles. */
export async function tapOneRequest(options: WireTapOptions): Promise<TappedRequest> {
  const keepBytes = options.keepBytes ?? DEFAULT_KEEP_BYTES;
  const maxRelayBytes = options.maxRelayBytes ?? DEFAULT_MAX_RELAY_BYTES;
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let totalBytes = 0;
  const sockets = new Set<Socket>();
  let failure: WireTapError | undefined;
  const victimAbort = new AbortController();
  const fail = (error: WireTapError): void => {
    failure ??= error;
    victimAbort.abort(error);
    for (const socket of sockets) socket.destroy();
  };

  let victimClosed: () => void = () => undefined;
  const victimGone = new Promise<void>((resolve) => (victimClosed = resolve));
  const relay = createServer((victim) => {
    // One connection, then the relay stops listening: nothing is left open for anyone else.
    relay.close();
    const server = connect({ host: options.upstream.host, port: options.upstream.port });
    sockets.add(victim).add(server);
    let serverBytes = 0;
    // Forwarded by hand rather than piped: a pipe pauses the victim's side once the server's side
    // closes, and the victim's last bytes and its end would then never be read.
    victim.on('data', (chunk: Buffer) => {
      totalBytes += chunk.length;
      if (keptBytes < keepBytes) {
        const part = chunk.subarray(0, keepBytes - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      if (totalBytes > maxRelayBytes) fail(new WireTapError('The victim sent more than the sniffer relays', 'too-large'));
      else server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      serverBytes += chunk.length;
      if (serverBytes > maxRelayBytes) fail(new WireTapError('The server answered more than the sniffer relays', 'too-large'));
      else victim.write(chunk);
    });
    victim.on('end', () => server.end());
    server.on('end', () => victim.end());
    // Either side failing ends both; the victim's request then fails and reports it.
    victim.on('error', () => server.destroy());
    server.on('error', () => victim.destroy());
    victim.on('close', () => {
      server.destroy();
      victimClosed();
    });
  });
  relay.on('error', (error) => fail(new WireTapError(`The sniffer's relay failed: ${error.message}`, 'failed')));
  const relayClosed = new Promise<void>((resolve) => relay.once('close', () => resolve()));

  const timer = setTimeout(() => fail(new WireTapError('The sniffed request took too long', 'timeout')), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const relayPort = await listenOnLoopback(relay);
    const victimStatus = await sendVictimRequest(options, relayPort, { signal: victimAbort.signal, onSocket: (socket) => sockets.add(socket) });
    // The victim's client may still send a last record (a TLS close_notify) after the answer.
    await victimGone;
    if (failure !== undefined) throw failure;
    return { captured: Buffer.concat(kept), totalBytes, victimStatus };
  } catch (error) {
    throw failure ?? (error instanceof WireTapError ? error : new WireTapError(`The sniffed request failed: ${String(error)}`, 'failed'));
  } finally {
    clearTimeout(timer);
    relay.close();
    for (const socket of sockets) socket.destroy();
    // Settle only once every connection is really closed, so nothing outlives the request that asked.
    await Promise.all([relayClosed, ...[...sockets].map(whenClosed)]);
  }
}

function whenClosed(socket: Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

function listenOnLoopback(relay: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(0, '127.0.0.1', () => resolve((relay.address() as AddressInfo).port));
  });
}

/** The victim's client: one request, no connection reuse, the answer read to the end and dropped. */
interface VictimHooks {
  signal: AbortSignal;
  onSocket: (socket: Socket) => void;
}

function sendVictimRequest(options: WireTapOptions, relayPort: number, { signal, onSocket }: VictimHooks): Promise<number> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port: relayPort,
      method: 'GET',
      path: options.path,
      agent: false as const,
      signal,
      headers: { ...options.headers, Connection: 'close' },
    };
    const onResponse = (response: IncomingMessage): void => {
      response.on('error', reject);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.resume();
    };
    const outgoing: ClientRequest =
      options.transport === 'https'
        ? // The relay's address is 127.0.0.1, which the lab's certificate covers, so the check passes as in a browser that trusts it.
          httpsRequest({ ...common, ...(options.trustedCertificate === undefined ? {} : { ca: options.trustedCertificate }) }, onResponse)
        : httpRequest(common, onResponse);
    outgoing.on('socket', onSocket);
    outgoing.on('error', reject);
    outgoing.on('close', () => reject(new Error('connection closed before an answer')));
    outgoing.end();
  });
}
