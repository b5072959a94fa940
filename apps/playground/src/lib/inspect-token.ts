/**
 * What a learner can read from a token without any key: a JWT's header and payload, a Basic
 * header's username and password. Decoding is not verifying: only the server can say whether
 * a token is genuine, which is why the inspector also offers "Verify on server".
 */
import { decodeBasicAuthorization, decodeJWT } from '@authlab/contract';
import type { ExchangeRecord } from '../api/types.ts';

export type TokenInspection =
  | {
      kind: 'jwt';
      token: string;
      header: Record<string, unknown>;
      payload: Record<string, unknown>;
      signature: string;
      /** `exp` in seconds since the epoch, when the payload has a numeric one. */
      expiresAtSeconds: number | undefined;
      /** `alg: none` or an empty signature: nothing vouches for this token at all. */
      unsigned: boolean;
    }
  /** A random string that only means something to the server's session table. */
  | { kind: 'opaque'; token: string }
  /** A refresh token: opaque as well, and single use. */
  | { kind: 'refresh'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'unreadable'; reason: string };

export type TokenOrigin = 'response-token' | 'response-refresh-token' | 'request-authorization';

export interface FoundToken {
  origin: TokenOrigin;
  /** Where it was found, for a heading: "Response body: token". */
  label: string;
  /** The token, or the full header value for Authorization. */
  raw: string;
  inspection: TokenInspection;
}

/** A bearer credential: a JWT when it decodes as one, opaque otherwise. */
export function inspectBearerToken(token: string): TokenInspection {
  const decoded = decodeJWT(token);
  if (decoded === undefined) return { kind: 'opaque', token };
  const exp = decoded.payload.exp;
  return {
    kind: 'jwt',
    token,
    ...decoded,
    expiresAtSeconds: typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined,
    unsigned: String(decoded.header.alg).toLowerCase() === 'none' || decoded.signature === '',
  };
}

/** Reads an Authorization header value: `Bearer <token>` or `Basic <credentials>`. */
export function inspectAuthorization(value: string): TokenInspection {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(value);
  const scheme = match?.[1]?.toLowerCase();
  const credentials = match?.[2] ?? '';
  if (scheme === 'bearer') return inspectBearerToken(credentials);
  if (scheme === 'basic') {
    const decoded = decodeBasicAuthorization(`Basic ${credentials}`);
    return decoded === undefined ? { kind: 'unreadable', reason: 'not base64 of user:password' } : { kind: 'basic', ...decoded };
  }
  return { kind: 'unreadable', reason: 'expected "Bearer <token>" or "Basic <credentials>"' };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Every token in an exchange: the response body's `token` and `refreshToken`, and the request's Authorization. */
export function findTokens(exchange: Pick<ExchangeRecord, 'request' | 'response'>): FoundToken[] {
  const found: FoundToken[] = [];
  const body = exchange.response.json as { token?: unknown; refreshToken?: unknown } | null | undefined;
  if (typeof body?.token === 'string') {
    found.push({ origin: 'response-token', label: 'Response body: token', raw: body.token, inspection: inspectBearerToken(body.token) });
  }
  if (typeof body?.refreshToken === 'string') {
    const token = body.refreshToken;
    found.push({ origin: 'response-refresh-token', label: 'Response body: refreshToken', raw: token, inspection: { kind: 'refresh', token } });
  }
  const authorization = headerValue(exchange.request.headers, 'authorization');
  if (authorization !== undefined && authorization.trim() !== '') {
    found.push({
      origin: 'request-authorization',
      label: 'Request header: Authorization',
      raw: authorization,
      inspection: inspectAuthorization(authorization),
    });
  }
  return found;
}

/** `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const pad = (value: number): string => String(value).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const rest = `${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/** Roughly how long ago, in the largest unit that fits: "40 s", "2 min", "3 h", "5 days". */
function formatAgo(totalSeconds: number): string {
  if (totalSeconds < 60) return `${Math.floor(totalSeconds)} s`;
  if (totalSeconds < 2 * 3600) return `${Math.floor(totalSeconds / 60)} min`;
  if (totalSeconds < 2 * 86_400) return `${Math.floor(totalSeconds / 3600)} h`;
  return `${Math.floor(totalSeconds / 86_400)} days`;
}

/** A span of time for a sentence: "15 min 1 s", "2 h", "0 s". */
export function formatSpan(totalSeconds: number): string {
  const seconds = Math.round(Math.abs(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [seconds % 60, 's'],
  ];
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}`);
  return shown.length === 0 ? '0 s' : shown.join(' ');
}

/**
 * "expires in 14:32" or "expired 2 min ago", measured against `nowMs`: pass the server's time
 * (the stage's demo clock may be ahead of this browser's), since the server decides.
 */
export function describeExpiry(expiresAtSeconds: number, nowMs: number): { expired: boolean; text: string } {
  const remainingSeconds = expiresAtSeconds - nowMs / 1000;
  if (remainingSeconds > 0) return { expired: false, text: `expires in ${formatClock(Math.ceil(remainingSeconds))}` };
  return { expired: true, text: `expired ${formatAgo(-remainingSeconds)} ago` };
}
