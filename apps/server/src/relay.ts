/**
 * What a practice check must do and a browser page may not: send `Cookie`, `Origin` and
 * `Sec-Fetch-Site` the way another site's page would make a browser send them, and read the
 * `Set-Cookie` lines of the answer. The playground's checks ask the server to send such a request
 * to one of its own stages, over loopback, and get the whole answer back.
 *
 * Only this machine may ask, only in JSON from the lab's own pages (the cross-site guard sits in
 * front of every `/api` route), and only about `/api/stages/...` of this very server.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { HttpError } from './http-error.ts';
import { isLoopbackAddress } from './lab-clock.ts';
import { parseBody } from './input.ts';
import { forward, relayedBodySchema, relayedHeadersSchema } from './relay-wire.ts';

const relayRequestSchema = z.strictObject({
  method: z.enum(['GET', 'POST'], 'method must be GET or POST'),
  path: z
    .string()
    .max(512, 'path is too long')
    .regex(/^\/api\/stages\/[a-z0-9-]+(?:\/[A-Za-z0-9._~-]+)*\/?$/, 'path must be a route of one of this lab’s stages')
    .refine((path) => !path.split('/').some((segment) => segment === '..' || segment === '.'), 'path must not contain dot segments'),
  headers: relayedHeadersSchema,
  body: relayedBodySchema.optional(),
});

export async function relayToOwnStage(req: Request, res: Response): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    throw new HttpError(403, 'The relay only answers this machine', { code: 'local_only' });
  }
  const { method, path, headers, body } = parseBody(req, relayRequestSchema);
  // Back to the address and port this request came in on: this server, whatever it listens on.
  const answer = await forward({
    secure: 'encrypted' in req.socket && req.socket.encrypted === true,
    host: req.socket.localAddress ?? '127.0.0.1',
    port: req.socket.localPort ?? 0,
    hostHeader: req.get('host') ?? 'localhost',
    method,
    path,
    headers,
    ...(body === undefined ? {} : { body }),
    failure: 'The stage did not answer the relayed request in full',
  });
  res.json(answer);
}
