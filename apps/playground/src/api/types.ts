/** What the request builder sends. `path` is same-origin, e.g. `/api/stages/jwt/login`. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  /** Raw body text, sent as is (so learners can send malformed JSON on purpose). */
  body?: string;
}

/** A request and what came back, kept in the history and shown in the response view. */
export interface ExchangeRecord {
  id: number;
  /** The stage the path belongs to, if any. */
  stage: string | undefined;
  request: RequestSpec;
  response: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    bodyText: string;
    /** The parsed body when it was JSON. */
    json: unknown;
  };
  durationMs: number;
  /** `X-Auth-Flow`, split: the flowchart nodes the request passed through. */
  flow: string[];
  at: number;
}
