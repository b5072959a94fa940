/** How the response view presents an exchange: status words, the headers worth a look, the body. */
import type { ExchangeRecord } from '../../api/types.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** `401 Unauthorized`; the browser's status text when it has one (HTTP/2 sends none). */
export function statusLabel(status: number, statusText: string): string {
  return `${status} ${statusText || STATUS_TEXT[status] || ''}`.trim();
}

export function statusTone(status: number): 'ok' | 'error' {
  return status >= 200 && status < 400 ? 'ok' : 'error';
}

/**
 * The headers the lessons talk about: the flow trace, the auth challenge, the session cookie,
 * and the lockout and rate-limit answers (`RateLimit`, `RateLimit-Policy`, legacy `X-RateLimit-*`).
 */
export function isLessonHeader(name: string): boolean {
  return /^(x-auth-flow|www-authenticate|set-cookie|retry-after|(x-)?ratelimit(-.*)?)$/i.test(name);
}

/** Headers split into the ones to highlight and the rest, each sorted by name. */
export function splitHeaders(headers: Record<string, string>): { lesson: [string, string][]; other: [string, string][] } {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  return { lesson: entries.filter(([name]) => isLessonHeader(name)), other: entries.filter(([name]) => !isLessonHeader(name)) };
}

/** JSON pretty-printed; anything else as received. */
export function formatBody(response: ExchangeRecord['response']): string {
  if (response.json !== undefined) return JSON.stringify(response.json, null, 2);
  return response.bodyText === '' ? '(empty body)' : response.bodyText;
}

export function formatDurationMs(durationMs: number): string {
  return `${Math.round(durationMs)} ms`;
}
