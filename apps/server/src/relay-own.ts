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

const MAX_URL_LENGTH = 2048;

/**
 * Relayed requests in flight at once. The checks send at most a burst of ten; more than this is
 * not a check, and each one holds sockets for up to 15 s (a relay can even be pointed at itself).
 */
const MAX_IN_FLIGHT = 32;
let inFlight = 0;

const ownRelayRequestSchema = z.strictObject({
  // What an API description may use (packages/contract/src/api-description.ts).
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], 'method must be GET, POST, PUT, PATCH or DELETE'),
  url: z
    .string()
    .max(MAX_URL_LENGTH, 'url is too long')
    .transform((text, context) => {
      const read = readLoopbackURL(text);
      // Measured as it goes on the wire: 2,000 "€" are 2,000 characters but 18 KB percent-encoded.
      if (read.ok && read.url.href.length > MAX_URL_LENGTH) {
        context.addIssue({ code: 'custom', message: 'url is too long once percent-encoded' });
        return z.NEVER;
      }
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
  if (inFlight >= MAX_IN_FLIGHT) {
    throw new HttpError(429, `The relay is already sending ${MAX_IN_FLIGHT} requests; try again in a moment`, { code: 'relay_busy', headers: { 'Retry-After': '1' } });
  }
  const secure = url.protocol === 'https:';
  inFlight++;
  try {
    res.json(
      await forward({
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
      }),
    );
  } finally {
    inFlight--;
  }
}
