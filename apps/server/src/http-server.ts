import { createServer, type Server } from 'node:http';
import { createServer as createTLSServer, type Server as TLSServer } from 'node:https';
import type { Express } from 'express';

export interface HTTPServerOptions {
  /** PEM key and certificate: serve HTTPS instead of plain HTTP (see tls-certificate.ts). */
  tls?: { key: string; cert: string };
  /** How long a TLS client may take to finish its handshake (tests shorten it). */
  handshakeTimeoutMs?: number;
}

/** Node's default is 120 s; a real client needs well under a second, so a stalled one goes sooner. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Node's HTTP parser refuses some requests before Express sees them (headers over 16 KB,
 * garbage on the wire). By default it answers with an empty body; we answer in the same JSON
 * shape as every other error, over plain HTTP and inside TLS alike.
 */
export function createHTTPServer(app: Express, options: HTTPServerOptions = {}): Server | TLSServer {
  // Node would answer an HTTP/1.1 request without Host itself, with an empty 400; letting it
  // through means the host guard refuses it like any other unknown name, in JSON.
  const server =
    options.tls === undefined
      ? createServer({ requireHostHeader: false }, app)
      : createTLSServer(
          {
            requireHostHeader: false,
            key: options.tls.key,
            cert: options.tls.cert,
            handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
          },
          app,
        );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // The HTTPS server hands TLS failures (a handshake that stalls or goes wrong) to this handler
    // too. No HTTP can be spoken on such a socket, and an answer written to it would never leave
    // it, so it must be closed here or it stays open for good.
    if (!socket.writable || (error.code === 'ECONNRESET' && socket.destroyed) || isTLSFailure(error)) {
      socket.destroy();
      return;
    }
    const [status, reason, message, code] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'Request headers are too large', 'headers_too_large']
        : [400, 'Bad Request', 'Malformed HTTP request', 'bad_request'];
    const body = JSON.stringify({ error: message, code });
    // Helmet never sees these requests, so the headers it would add that matter for a JSON error come by hand.
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nCache-Control: no-store\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** A handshake timeout, or an error from OpenSSL (those carry `library` and `reason`). */
function isTLSFailure(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || error.code?.startsWith('ERR_SSL_') === true || 'library' in error;
}
