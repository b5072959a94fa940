import type { Response } from 'express';
import { trace, type FlowNode } from './flow.ts';
import { HttpError } from './http-error.ts';

export interface UnauthorizedOptions {
  message: string;
  code: string;
  /** The `WWW-Authenticate` challenge that tells the client which scheme to use. */
  challenge: string;
  /** The flowchart node this refusal ends at: `E` (401) or `I` (expired token). */
  node?: FlowNode;
}

/** Records the refusal on the flow trace and builds the 401 to throw. */
export function unauthorized(res: Response, options: UnauthorizedOptions): HttpError {
  trace(res, options.node ?? 'E');
  return new HttpError(401, options.message, { code: options.code, headers: { 'WWW-Authenticate': options.challenge } });
}

export function bearerChallenge(realm: string, error?: { error: string; description: string }): string {
  const base = `Bearer realm="${realm}"`;
  return error === undefined ? base : `${base}, error="${error.error}", error_description="${error.description}"`;
}

/**
 * No valid session cookie. 403 rather than 401: a 401 must carry a `WWW-Authenticate` challenge
 * naming an HTTP authentication scheme (RFC 9110), and a cookie is not one.
 */
export function noSession(res: Response): HttpError {
  trace(res, 'NOSESSION');
  return new HttpError(403, 'Sign in first: no valid session cookie', { code: 'no_session' });
}
