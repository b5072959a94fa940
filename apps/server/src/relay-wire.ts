/**
 * What both relays share (the one to this server's stages and the one to a learner's own API):
 * the limits on what a page may ask to be sent, and the sending itself, over loopback, with a
 * timeout and a cap on the answer.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { z } from 'zod';
import { HttpError } from './http-error.ts';

/** Headers the relay sets itself: the connection's, not the check's. */
const HOP_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection']);
const MAX_ANSWER_BYTES = 64 * 1024;
const TIMEOUT_MS = 15_000;

export const relayedHeadersSchema = z
  .unknown()
  // JSON.parse makes "__proto__" an own key, which zod's record drops instead of checking: refuse it.
  .refine((headers) => typeof headers !== 'object' || headers === null || !Object.hasOwn(headers, '__proto__'), 'a header cannot be named __proto__')
  .pipe(
    z
      .record(
        z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'header names are letters, digits and "-"'),
        // Printable ASCII and tabs: what Node will put on the wire, and nothing that could end a header line.
        z
          .string()
          .max(8192, 'header value is too long')
          .regex(/^[\t\x20-\x7e]*$/, 'header values are printable ASCII'),
      )
      .refine((headers) => Object.keys(headers).length <= 32, 'at most 32 headers')
      .refine((headers) => Object.keys(headers).every((name) => !HOP_HEADERS.has(name.toLowerCase())), 'Host, Content-Length and hop-by-hop headers are set by the relay'),
  );

// A lone surrogate would arrive as U+FFFD, so the API would judge another body than the one asked for.
export const relayedBodySchema = z
  .string()
  .max(8 * 1024, 'body is too long')
  .refine((body) => !/\p{Surrogate}/u.test(body), 'body contains invalid Unicode');

export interface RelayedAnswer {
  status: number;
  statusText: string;
  /** Every header, repeated ones (Set-Cookie) as arrays. */
  headers: Record<string, string | string[]>;
  body: string;
}

export interface Forwarded {
  secure: boolean;
  /** An IP address on this machine, or `localhost` (resolved by `lookup`, never by DNS). */
  host: string;
  port: number;
  hostHeader: string;
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Says who did not answer, in the 502 when nothing usable came back. */
  failure: string;
}

/**
 * `localhost` is this machine by definition (RFC 6761 §6.3): both loopback addresses, IPv4 first,
 * without asking a resolver that might say otherwise. Node tries the second when the first refuses.
 */
const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  if (options.all === true) {
    callback(null, [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
  } else callback(null, '127.0.0.1', 4);
};

/** Sends one request and resolves with the whole answer; a 502 HttpError when there is none. */
export function forward(relayed: Forwarded): Promise<RelayedAnswer> {
  const request = relayed.secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (): void => reject(new HttpError(502, relayed.failure, { code: 'relay_failed' }));
    let outgoing: ReturnType<typeof request>;
    try {
      outgoing = request(
        {
          host: relayed.host,
          port: relayed.port,
          lookup: loopbackLookup,
          method: relayed.method,
          path: relayed.path,
          headers: {
            ...relayed.headers,
            host: relayed.hostHeader,
            ...(relayed.body === undefined ? {} : { 'content-length': Buffer.byteLength(relayed.body) }),
          },
          // Loopback only: the lab's own self-signed certificate (--https), or a learner's.
          rejectUnauthorized: false,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
        (answer) => {
          const chunks: Buffer[] = [];
          let size = 0;
          answer.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) outgoing.destroy(new Error('answer too large'));
            else chunks.push(chunk);
          });
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 502,
              statusText: answer.statusMessage ?? '',
              headers: flatten(answer.headers),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          answer.on('error', fail);
        },
      );
    } catch {
      // Node refuses some header values outright; the schema should have caught them first.
      reject(new HttpError(400, 'The relayed request could not be sent as given', { code: 'invalid_input' }));
      return;
    }
    outgoing.on('error', fail);
    // A connection closed without an answer or an error (Node drops an unasked-for 101 Switching
    // Protocols that way) would leave the caller waiting for ever; after an answer this is a no-op.
    outgoing.on('close', fail);
    outgoing.end(relayed.body);
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, value]])));
}
