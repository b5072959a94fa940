import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ExchangeRecord } from '../api/types.ts';

/**
 * What the learner has done this visit: every request and its answer, newest first. The
 * flowchart trace, the token inspector and the request presets all read from here.
 */
export interface Session {
  history: readonly ExchangeRecord[];
  record(exchange: ExchangeRecord): void;
  clear(stage?: string): void;
}

const SessionContext = createContext<Session | undefined>(undefined);
const MAX_HISTORY = 100;

export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const [history, setHistory] = useState<readonly ExchangeRecord[]>([]);
  const record = useCallback((exchange: ExchangeRecord) => {
    setHistory((previous) => [exchange, ...previous].slice(0, MAX_HISTORY));
  }, []);
  const clear = useCallback((stage?: string) => {
    setHistory((previous) => (stage === undefined ? [] : previous.filter((exchange) => exchange.stage !== stage)));
  }, []);
  const value = useMemo(() => ({ history, record, clear }), [history, record, clear]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside SessionProvider');
  return session;
}

/** This stage's exchanges, newest first. */
export function useStageHistory(stage: string): readonly ExchangeRecord[] {
  const { history } = useSession();
  return useMemo(() => history.filter((exchange) => exchange.stage === stage), [history, stage]);
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
