import type { StageTarget } from '@authlab/contract';

/** One answer from the stage, reduced to what attacks look at. */
export interface Reply {
  status: number;
  body: unknown;
  /** The `error` message of a refusal, e.g. "Unknown user". */
  error?: string;
  retryAfterSeconds?: number;
  durationMs: number;
}

export interface SendOptions {
  json?: unknown;
  authorization?: string;
}

/** An HTTP client for one stage's routes; every request honours the attack's AbortSignal. */
export class StageClient {
  readonly #target: StageTarget;
  readonly #signal: AbortSignal;

  constructor(target: StageTarget, signal: AbortSignal) {
    this.#target = target;
    this.#signal = signal;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    this.#signal.throwIfAborted();
    const headers: Record<string, string> = {};
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    if (options.authorization !== undefined) headers.Authorization = options.authorization;
    const fetchImpl = this.#target.fetch ?? fetch;
    const started = performance.now();
    const response = await fetchImpl(`${this.#target.baseUrl}${path}`, {
      method,
      headers,
      signal: this.#signal,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    const text = await response.text();
    const durationMs = performance.now() - started;
    const body = parseBody(text);
    const error = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    return {
      status: response.status,
      body,
      durationMs,
      ...(error === undefined ? {} : { error }),
      ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
    };
  }

  register(username: string, password: string): Promise<Reply> {
    return this.send('POST', '/register', { json: { username, password } });
  }

  login(username: string, password: string): Promise<Reply> {
    return this.send('POST', '/login', { json: { username, password } });
  }

  records(authorization: string): Promise<Reply> {
    return this.send('GET', '/records', { authorization });
  }

  breach(): Promise<Reply> {
    return this.send('GET', '/breach');
  }

  /** `POST /sniff`: the lab sends a victim's request with this header and answers what crossed the wire. Loopback only. */
  sniff(authorization: string): Promise<Reply> {
    return this.send('POST', '/sniff', { json: { authorization } });
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
