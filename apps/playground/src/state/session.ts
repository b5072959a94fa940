import { useMemo } from 'react';
import type { ExchangeRecord } from '../api/types.ts';
import { createStore, useStore } from '../lib/store.ts';

/**
 * What the learner has done this visit: every request and its answer, newest first. The
 * flowchart trace, the token inspector and the request presets all read from here.
 */
const exchanges = createStore<readonly ExchangeRecord[]>([]);
const MAX_HISTORY = 100;

export function recordExchange(exchange: ExchangeRecord): void {
  exchanges.set((previous) => [exchange, ...previous].slice(0, MAX_HISTORY));
}

/** This stage's exchanges, newest first. */
export function useStageHistory(stage: string): readonly ExchangeRecord[] {
  const all = useStore(exchanges);
  // Filtered here, not in a selector, so callers get the same array until a request is recorded.
  return useMemo(() => all.filter((exchange) => exchange.stage === stage), [all, stage]);
}

/** The newest token and refresh token this stage handed out, for presets and the inspector. */
export function latestTokens(history: readonly ExchangeRecord[]): { token?: string; refreshToken?: string } {
  for (const exchange of history) {
    const body = exchange.response.json as { token?: unknown; refreshToken?: unknown } | undefined;
    if (typeof body?.token === 'string') {
      return { token: body.token, ...(typeof body.refreshToken === 'string' ? { refreshToken: body.refreshToken } : {}) };
    }
  }
  return {};
}

/**
 * `name=value` of the session cookie this stage set last, from the Set-Cookie the lab's relay
 * showed; undefined before a cookie login and after a logout cleared it.
 */
export function latestSessionCookie(history: readonly ExchangeRecord[]): string | undefined {
  for (const exchange of history) {
    const setCookie = exchange.response.headers['set-cookie'];
    if (setCookie === undefined || !/\/cookie\/(login|logout)$/.test(exchange.request.path)) continue;
    const pair = setCookie.split('\n')[0]?.split(';')[0] ?? '';
    return /^[^=]+=.+$/.test(pair) ? pair : undefined;
  }
  return undefined;
}
