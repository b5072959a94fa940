/** Where a practice check points: one stage's API, e.g. `http://127.0.0.1:3000/api/stages/jwt`. */
export interface CheckTarget {
  /** Base URL of the stage; routes such as `/register` are appended to it. */
  baseUrl: string;
  /** Moves the target's clock forward, to show what happens to a token after its lifetime. */
  advanceClock(seconds: number): Promise<void>;
  /** Defaults to the global fetch (browser or Node). */
  fetch?: typeof fetch;
  /**
   * Sends a request with headers a web page may not set (`Cookie`, `Origin`, `Sec-Fetch-Site`)
   * and returns every answer header, `Set-Cookie` included. Outside a browser, fetch does this
   * itself; a browser page needs a helper such as the lab's `/api/relay`. Without either, the
   * checks that need it answer n/a.
   */
  sendUnrestricted?: (request: UnrestrictedRequest) => Promise<UnrestrictedAnswer>;
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
  return {
    baseUrl,
    fetch: fetchImpl,
    async advanceClock(seconds) {
      const response = await fetchImpl(`${baseUrl}/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: seconds }),
      });
      if (!response.ok) throw new Error(`could not move the demo clock: HTTP ${response.status}`);
    },
  };
}
