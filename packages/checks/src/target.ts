/** Where a practice check points: one stage's API, e.g. `http://127.0.0.1:3000/api/stages/jwt`. */
export interface CheckTarget {
  /** Base URL of the stage; routes such as `/register` are appended to it. */
  baseUrl: string;
  /** Moves the target's clock forward, to show what happens to a token after its lifetime. */
  advanceClock(seconds: number): Promise<void>;
  /** Puts the target's clock back to its own time, keeping everything else; without it, a reset does. */
  resetClock?: () => Promise<void>;
  /** Defaults to the global fetch (browser or Node). */
  fetch?: typeof fetch;
  /**
   * Sends a request with headers a web page may not set (`Cookie`, `Origin`, `Sec-Fetch-Site`)
   * and returns every answer header, `Set-Cookie` included. Outside a browser, fetch does this
   * itself; a browser page needs a helper such as the lab's `/api/relay`. Without either, the
   * checks that need it answer n/a.
   */
  sendUnrestricted?: (request: UnrestrictedRequest) => Promise<UnrestrictedAnswer>;
  /**
   * Clears the stage before a check. Without it a check sends `POST /reset`; the lab's target
   * adds to that, switching the instructor's mistakes back on (see `createStageTarget`).
   */
  reset?: () => Promise<void>;
}

export interface UnrestrictedRequest {
  method: string;
  /** The full URL, as fetch would be given it. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface UnrestrictedAnswer {
  status: number;
  /** The reason phrase, e.g. `Forbidden`, when the answer came with one. */
  statusText?: string;
  /** Repeated headers (Set-Cookie) as arrays. */
  headers: Record<string, string | string[]>;
  body: string;
}

/** A stage of the AuthLab lesson server, whose demo clock is moved through its `/clock` route. */
export function createStageTarget(serverUrl: string, stage: string, fetchImpl: typeof fetch = fetch): CheckTarget {
  const baseUrl = `${serverUrl.replace(/\/+$/, '')}/api/stages/${encodeURIComponent(stage)}`;
  const post = (path: string, body?: unknown): Promise<Response> =>
    fetchImpl(`${baseUrl}${path}`, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
  return {
    baseUrl,
    fetch: fetchImpl,
    /**
     * `POST /reset` wipes users, sessions, counters and the demo clock, and switches instructor
     * mistakes off. The checks must probe the stage the class is looking at, so the mistakes that
     * were on are switched back on, as the attack lab does.
     */
    async reset() {
      const mistakes = await mistakesOn(fetchImpl, baseUrl);
      const reset = await post('/reset');
      if (!reset.ok) throw new Error(`POST /reset answered ${reset.status}`);
      for (const mistake of mistakes) {
        const toggled = await post('/mistakes', { mistake, enabled: true });
        if (!toggled.ok) throw new Error(`could not switch the instructor's ${mistake} back on after a reset: HTTP ${toggled.status}`);
      }
    },
    async advanceClock(seconds) {
      const response = await post('/clock', { advanceSeconds: seconds });
      if (!response.ok) throw new Error(`could not move the demo clock: HTTP ${response.status}`);
    },
    async resetClock() {
      const response = await post('/clock', { reset: true });
      if (!response.ok) throw new Error(`could not put the demo clock back: HTTP ${response.status}`);
    },
  };
}

/** The instructor mistakes the stage has on now; none when its description does not say. */
async function mistakesOn(fetchImpl: typeof fetch, baseUrl: string): Promise<string[]> {
  const response = await fetchImpl(baseUrl);
  if (!response.ok) return [];
  const body: unknown = await response.json().catch(() => undefined);
  const mistakes = typeof body === 'object' && body !== null && 'lab' in body ? (body.lab as { mistakes?: unknown } | null)?.mistakes : undefined;
  return Array.isArray(mistakes) ? mistakes.filter((mistake): mistake is string => typeof mistake === 'string') : [];
}
