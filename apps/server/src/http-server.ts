import { createServer, type Server } from 'node:http';
import { createServer as createTLSServer, type Server as TLSServer } from 'node:https';
import type { Express } from 'express';

export interface HTTPServerOptions {
  /** PEM key and certificate: serve HTTPS instead of plain HTTP (see tls-certificate.ts). */
  tls?: { key: string; cert: string };
}

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
      : createTLSServer({ requireHostHeader: false, key: options.tls.key, cert: options.tls.cert }, app);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (error.code === 'ECONNRESET' && socket.destroyed)) {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'Request headers are too large']
        : [400, 'Bad Request', 'Malformed HTTP request'];
    const body = JSON.stringify({ error: message, code: status === 431 ? 'headers_too_large' : 'bad_request' });
    // Helmet never sees these requests, so the headers it would add that matter for a JSON error come by hand.
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nCache-Control: no-store\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
