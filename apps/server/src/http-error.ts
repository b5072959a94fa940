import type { ErrorRequestHandler, RequestHandler } from 'express';
import { trace } from './flow.ts';

export interface HttpErrorOptions {
  /** A stable, machine-readable name for the error, e.g. `wrong_password`. */
  code?: string;
  headers?: Record<string, string>;
}

/** An error that knows its HTTP status. Thrown from handlers; turned into JSON by `errorHandler`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = options.code ?? defaultCode(status);
    this.headers = options.headers ?? {};
  }
}

function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 423:
      return 'locked';
    case 429:
      return 'rate_limited';
    default:
      return status < 500 ? 'client_error' : 'internal_error';
  }
}

/** body-parser's own errors, by `type`, restated in our words so nothing internal leaks. */
const BODY_PARSER_ERRORS: Record<string, HttpError> = {
  'entity.parse.failed': new HttpError(400, 'Request body is not valid JSON', { code: 'malformed_json' }),
  'entity.too.large': new HttpError(413, 'Request body is too large'),
  'entity.verify.failed': new HttpError(400, 'Request body could not be read'),
  'request.aborted': new HttpError(400, 'Request was aborted'),
  'request.size.invalid': new HttpError(400, 'Request body length does not match Content-Length'),
  'encoding.unsupported': new HttpError(415, 'Content-Encoding is not supported'),
  'charset.unsupported': new HttpError(415, 'Only UTF-8 JSON is accepted'),
  'parameters.too.many': new HttpError(413, 'Too many parameters'),
  'stream.encoding.set': new HttpError(400, 'Request body could not be read'),
};

/**
 * The shared database (PostgreSQL) unreachable: refused or dropped connections, a server shutting
 * down or starting up (SQLSTATE classes 08 and 57P), no connection free in time. Not a bug in the
 * request, and not the client's fault: a 503 to retry, as when Redis is away.
 */
const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const DATABASE_AWAY_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/;
const databaseUnavailable = new HttpError(503, "The lab's database is unreachable; try again in a few seconds", {
  code: 'database_unavailable',
  headers: { 'Retry-After': '5' },
});

function isDatabaseAway(error: object): boolean {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (NETWORK_FAILURES.has(code) || /^(08|57P)/.test(code)) return true;
  return error instanceof Error && DATABASE_AWAY_MESSAGES.test(error.message);
}

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  if (isDatabaseAway(error)) return databaseUnavailable;
  if ('type' in error && typeof error.type === 'string' && Object.hasOwn(BODY_PARSER_ERRORS, error.type)) {
    return BODY_PARSER_ERRORS[error.type];
  }
  // Express's other refusals of bad input (a broken %-escape in the URL, a corrupt gzip body)
  // carry a 4xx status: keep the status, drop their wording, and never answer them with a 500.
  const status = 'status' in error ? error.status : undefined;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return error instanceof URIError
    ? new HttpError(status, 'Request URL is not valid percent-encoding', { code: 'malformed_url' })
    : new HttpError(status, 'Request could not be read');
}

/** Statuses that mean "your input was refused" rather than an authentication outcome. */
const INPUT_REJECTIONS = new Set([400, 404, 405, 409, 413, 415]);

export function createErrorHandler(options: { log: (error: unknown) => void }): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const httpError = toHttpError(error);
    if (httpError === undefined) {
      // Unexpected: log it for us, tell the client nothing about the internals.
      options.log(error);
      res.status(500).json({ error: 'Internal server error', code: 'internal_error' });
      return;
    }
    if (res.getHeader('X-Auth-Flow') !== undefined && INPUT_REJECTIONS.has(httpError.status)) trace(res, 'BAD');
    res.set(httpError.headers).status(httpError.status).json({ error: httpError.message, code: httpError.code });
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'Not found'));
};
