/**
 * The playground's "Your API" page runs the practice checks against a learner's own login API.
 * The page cannot send those requests itself: a learner's API rarely answers CORS preflights,
 * and no page may read Set-Cookie or set Cookie. So the lab sends each one for it, to a URL on
 * this machine only (`localhost`, 127.0.0.0/8, ::1; names are never looked up), and returns the
 * whole answer.
 *
 * Only this machine may ask, and only in JSON from the lab's own pages (the cross-site guard sits
 * in front of every `/api` route): otherwise any page a learner opens could use the lab to reach
 * whatever listens on their loopback.
 */
import { readLoopbackURL } from '@authlab/contract';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { HttpError } from './http-error.ts';
import { isLoopbackAddress } from './lab-clock.ts';
import { parseBody } from './input.ts';
import { forward, relayedBodySchema, relayedHeadersSchema } from './relay-wire.ts';

const ownRelayRequestSchema = z.strictObject({
  // What an API description may use (packages/contract/src/api-description.ts).
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], 'method must be GET, POST, PUT, PATCH or DELETE'),
  url: z
    .string()
    .max(2048, 'url is too long')
    .transform((text, context) => {
      const read = readLoopbackURL(text);
      if (read.ok) return read.url;
      context.addIssue({ code: 'custom', message: `url: ${read.problem}` });
      return z.NEVER;
    }),
  headers: relayedHeadersSchema,
  body: relayedBodySchema.optional(),
});

export async function relayToOwnApi(req: Request, res: Response): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    throw new HttpError(403, 'The relay only answers this machine', { code: 'local_only' });
  }
  const { method, url, headers, body } = parseBody(req, ownRelayRequestSchema);
  const secure = url.protocol === 'https:';
  const answer = await forward({
    secure,
    // Brackets off an IPv6 literal: Node wants the bare address.
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    hostHeader: url.host,
    method,
    path: `${url.pathname}${url.search}`,
    headers,
    ...(body === undefined ? {} : { body }),
    failure: `Nothing usable came back from ${url.origin}: is your API running there, and did it answer within 15 s and 64 KB?`,
  });
  res.json(answer);
}
