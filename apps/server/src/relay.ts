/**
 * What a practice check must do and a browser page may not: send `Cookie`, `Origin` and
 * `Sec-Fetch-Site` the way another site's page would make a browser send them, and read the
 * `Set-Cookie` lines of the answer. The playground's checks ask the server to send such a request
 * to one of its own stages, over loopback, and get the whole answer back.
 *
 * Only this machine may ask (in a classroom: a workspace's owner, into that workspace), only in
 * JSON from the lab's own pages (the cross-site guard sits in front of every `/api` route), and
 * only about `/api/stages/...` of this very server. In a classroom every stage request of the
 * playground comes this way, so that the workspace cookie rides along.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { HttpError } from './http-error.ts';
import { isLoopbackAddress } from './lab-clock.ts';
import { parseBody } from './input.ts';
import { forward, relayedBodySchema, relayedHeadersSchema } from './relay-wire.ts';

const relayRequestSchema = z.strictObject({
  // What the playground's request builder offers; in a classroom all its requests come this way.
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE'], 'method must be GET, POST, PUT or DELETE'),
  path: z
    .string()
    .max(512, 'path is too long')
    // The query may hold any printable ASCII but `#` (what the browser's URL leaves unencoded); the path is stricter.
    .regex(
      /^\/api\/stages\/[a-z0-9-]+(?:\/[A-Za-z0-9._~-]+)*\/?(?:\?[!-"$-~]*)?$/,
      'path must be a route of one of this lab’s stages, with an optional query of printable ASCII',
    )
    .refine((path) => !(path.split('?')[0] ?? '').split('/').some((segment) => segment === '..' || segment === '.'), 'path must not contain dot segments'),
  headers: relayedHeadersSchema,
  body: relayedBodySchema.optional(),
});

export interface StageRelayOptions {
  /**
   * Classroom mode: the headers that put the forwarded request in the asker's own workspace, or
   * undefined when the asker has none. The relay then answers learners on other machines too:
   * it only ever reaches their own stages.
   */
  workspaceHeaders?: (req: Request) => Record<string, string> | undefined;
}

export function createStageRelay(options: StageRelayOptions = {}): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const workspaceHeaders = options.workspaceHeaders?.(req);
    if (options.workspaceHeaders === undefined ? !isLoopbackAddress(req.socket.remoteAddress) : workspaceHeaders === undefined) {
      throw new HttpError(403, 'The relay only answers this machine', { code: 'local_only' });
    }
    const relayed = parseBody(req, relayRequestSchema);
    await relayToOwnStage(req, res, workspaceHeaders === undefined ? relayed : { ...relayed, headers: inWorkspace(relayed.headers, workspaceHeaders) });
  };
}

/** The asker's own workspace headers, in place of any the relayed request named itself. */
function inWorkspace(headers: Record<string, string>, workspaceHeaders: Record<string, string>): Record<string, string> {
  const replaced = new Set(Object.keys(workspaceHeaders).map((name) => name.toLowerCase()));
  const kept = Object.entries(headers).filter(([name]) => !replaced.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...workspaceHeaders };
}

/**
 * Headers a proxy in front adds to name the client. The relay calls this server back from
 * loopback, which AUTHLAB_TRUST_PROXY=loopback trusts: passed on, they would let a page pick the
 * address stage 6's per-client limit counts. They are dropped, so a relayed request always counts
 * as this connection's, as lesson 6 says a forged one must.
 */
const CLIENT_ADDRESS_HEADER = /^(forwarded|x-forwarded-[a-z-]+|x-real-ip|x-client-ip|true-client-ip|cf-connecting-ip)$/i;

async function relayToOwnStage(req: Request, res: Response, { method, path, headers: asked, body }: z.infer<typeof relayRequestSchema>): Promise<void> {
  const headers = Object.fromEntries(Object.entries(asked).filter(([name]) => !CLIENT_ADDRESS_HEADER.test(name)));
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
