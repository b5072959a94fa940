import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error.ts';
import { countHeader } from './raw-headers.ts';

/**
 * Cross-site request forgery against the lab itself: any web page can make a learner's browser
 * send `<form method="post" action="http://127.0.0.1:3000/api/stages/jwt/reset">` and wipe a
 * stage, or register accounts, without ever reading the answer. Every request that changes
 * state must therefore come from the lab's own pages or from a client that is not a browser
 * (curl, the CLIs, the tests), and must carry JSON, which a plain form cannot send.
 */

/** Methods that only read. Browsers send them cross-site freely, so they must never change anything. */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A stage's cookie routes (`/stages/<id>/cookie/<route>`) answer for themselves: stage 5 leaves
 * them open on purpose, because cross-site request forgery is its lesson, and stage 6 puts
 * `crossSiteRefusalOf` in front of them. Anything else under a stage, such as `/reset`, is
 * guarded here.
 */
const STAGE_COOKIE_ROUTE = /^\/stages\/[a-z0-9-]+\/cookie\/[a-z-]+$/;

/** Mounted once in front of every `/api` route. */
export function refuseCrossSiteRequests(req: Request, _res: Response, next: NextFunction): void {
  next(STAGE_COOKIE_ROUTE.test(req.path) ? undefined : crossSiteRefusalOf(req));
}

/** Why a request that changes state must be refused, or undefined when it may go ahead. */
export function crossSiteRefusalOf(req: Request): HttpError | undefined {
  if (READ_ONLY_METHODS.has(req.method)) return undefined;
  return crossSiteRefusal(req) ?? bodyRefusal(req);
}

function crossSiteRefusal(req: Request): HttpError | undefined {
  const fetchSite = req.get('sec-fetch-site');
  // The browser's own verdict on who is asking: our own pages say `same-origin` (also through the
  // Vite dev proxy, which rewrites Host but not Origin); another site, even another port on
  // localhost (`same-site`), is refused.
  if (fetchSite === 'same-origin') return undefined;
  if (fetchSite !== undefined && fetchSite !== 'none') return refuse('Sec-Fetch-Site');
  // `none` (a typed URL or bookmark) says no page asked, so an Origin naming another site is a lie
  // worth refusing. Browsers send Sec-Fetch-Site only to HTTPS and localhost; over plain HTTP on a
  // classroom network (or from an older browser) the Origin header is what names the sender.
  const origin = req.get('origin');
  // No Origin: not a browser's cross-site request (curl, Node's fetch, the CLIs).
  if (origin === undefined) return undefined;
  // `Origin: null` is a sandboxed frame or a data: page: someone else's document, whatever it claims.
  return isOwnOrigin(origin, req) ? undefined : refuse('Origin');
}

/** True when `origin` is this request's own scheme and Host: the page was served by this server. */
function isOwnOrigin(origin: string, req: Request): boolean {
  const host = req.get('host');
  if (host === undefined) return false;
  try {
    // URL normalises both sides the same way: case, and the default port left out.
    return new URL(origin).origin === new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return false;
  }
}

/** Names the header that gave the request away, never echoes its value. */
function refuse(header: 'Sec-Fetch-Site' | 'Origin'): HttpError {
  return new HttpError(403, `Cross-site request refused (${header} names another site): this lab only accepts changes from its own pages`, {
    code: 'cross_site_request',
  });
}

function bodyRefusal(req: Request): HttpError | undefined {
  // A <form> can send text/plain, urlencoded or multipart without the browser asking first; only
  // JSON needs a CORS preflight that this server never grants. So a body must say it is JSON, once:
  // with two Content-Type headers, Node reads the first and other software may read the second.
  const contentTypes = countHeader(req, 'content-type');
  if (!hasBody(req) && contentTypes <= 1) return undefined;
  if (contentTypes === 1 && req.is('application/json') === 'application/json') return undefined;
  return new HttpError(415, 'Request body must be JSON: send it with Content-Type: application/json', {
    code: 'unsupported_media_type',
  });
}

/** `fetch()` sends `Content-Length: 0` on a bodyless POST, `curl -X POST` no length at all: neither has a body. */
function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? '0') > 0;
}
