/**
 * What a practice check must do and a browser page may not: send `Cookie`, `Origin` and
 * `Sec-Fetch-Site` the way another site's page would make a browser send them, and read the
 * `Set-Cookie` lines of the answer. The playground's checks ask the server to send such a request
 * to one of its own stages, over loopback, and get the whole answer back.
 *
 * Only this machine may ask, only in JSON from the lab's own pages (the cross-site guard sits in
 * front of every `/api` route), and only about `/api/stages/...` of this very server.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { HttpError } from './http-error.ts';
import { isLoopbackAddress } from './lab-clock.ts';
import { parseBody } from './input.ts';

/** Headers the relay sets itself: the connection's, not the check's. */
const HOP_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']);
const MAX_ANSWER_BYTES = 64 * 1024;
const TIMEOUT_MS = 15_000;

const relayRequestSchema = z.strictObject({
  method: z.enum(['GET', 'POST'], 'method must be GET or POST'),
  path: z
    .string()
    .max(512, 'path is too long')
    .regex(/^\/api\/stages\/[a-z0-9-]+(?:\/[A-Za-z0-9._~-]+)*\/?$/, 'path must be a route of one of this lab’s stages')
    .refine((path) => !path.split('/').some((segment) => segment === '..' || segment === '.'), 'path must not contain dot segments'),
  headers: z
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
  // A lone surrogate would reach the stage as U+FFFD, so the stage would judge another body than the one asked for.
  body: z
    .string()
    .max(8 * 1024, 'body is too long')
    .refine((body) => !/\p{Surrogate}/u.test(body), 'body contains invalid Unicode')
    .optional(),
});

export interface RelayedAnswer {
  status: number;
  statusText: string;
  /** Every header, repeated ones (Set-Cookie) as arrays. */
  headers: Record<string, string | string[]>;
  body: string;
}

export async function relayToOwnStage(req: Request, res: Response): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    throw new HttpError(403, 'The relay only answers this machine', { code: 'local_only' });
  }
  const { method, path, headers, body } = parseBody(req, relayRequestSchema);
  const answer = await send(req, { method, path, headers, ...(body === undefined ? {} : { body }) });
  res.json(answer);
}

function send(original: Request, relayed: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<RelayedAnswer> {
  // Back to the address and port this request came in on: this server, whatever it listens on.
  const secure = 'encrypted' in original.socket && original.socket.encrypted === true;
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (): void => reject(new HttpError(502, 'The stage did not answer the relayed request in full', { code: 'relay_failed' }));
    let outgoing: ReturnType<typeof request>;
    try {
      outgoing = request(
        {
          host: original.socket.localAddress,
          port: original.socket.localPort,
          method: relayed.method,
          path: relayed.path,
          headers: {
            ...relayed.headers,
            host: original.get('host') ?? 'localhost',
            ...(relayed.body === undefined ? {} : { 'content-length': Buffer.byteLength(relayed.body) }),
          },
          // Our own certificate, reached over loopback: the self-signed one that --https made.
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
    outgoing.end(relayed.body);
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, value]])));
}
