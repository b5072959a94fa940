import type { ApiTarget, UnrestrictedAnswer, UnrestrictedRequest } from './target.ts';

/**
 * The one HTTP client of the practice checks and the attack lab: it speaks a target's routes,
 * honours an AbortSignal on every request, and keeps what it sent and got back as evidence a
 * learner can read.
 */

/** One request and its answer, kept as evidence a learner can read. */
export interface Exchange {
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
  durationMs: number;
}

export interface SendOptions {
  json?: unknown;
  /** Sent as an HTML form would send it (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Whether to keep this exchange as evidence; the client's `keepEvidence` by default. */
  record?: boolean;
  /** Answer headers to keep besides the usual ones, e.g. the one a described API returns its token in. */
  keepHeaders?: readonly string[];
  /**
   * Needs what a web page may not do: set `Cookie`, `Origin` or `Sec-Fetch-Site`, or read
   * `Set-Cookie`. Goes through the target's `sendUnrestricted` when it has one.
   */
  unrestricted?: boolean;
}

export interface ClientOptions {
  /** Aborts every request in flight and refuses new ones. */
  signal?: AbortSignal;
  /**
   * Keep every exchange in `exchanges` unless a request says otherwise. A check keeps its few
   * requests as evidence; an attack sending thousands of guesses keeps none.
   */
  keepEvidence?: boolean;
}

/** Thrown when a request needs an unrestricted send in a browser page that has no way to make one. */
export class BrowserCannotSend extends Error {}

/** Response headers worth showing; the rest is noise in evidence. */
const SHOWN_HEADERS = ['www-authenticate', 'retry-after', 'ratelimit', 'ratelimit-policy', 'set-cookie', 'x-auth-flow'];

export class TargetClient {
  readonly exchanges: Exchange[] = [];
  protected readonly target: ApiTarget;
  readonly #fetch: typeof fetch;
  readonly #signal: AbortSignal | undefined;
  readonly #keepEvidence: boolean;

  constructor(target: ApiTarget, options: ClientOptions = {}) {
    this.target = target;
    this.#fetch = target.fetch ?? ((input, init) => fetch(input, init));
    this.#signal = options.signal;
    this.#keepEvidence = options.keepEvidence ?? true;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Exchange> {
    this.#signal?.throwIfAborted();
    const headers: Record<string, string> = { ...options.headers };
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    if (options.form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.form && new URLSearchParams(options.form).toString();
    const url = `${this.target.baseUrl}${path}`;
    const started = performance.now();
    const answer = options.unrestricted
      ? await this.#sendUnrestricted({ method, url, headers, ...(body === undefined ? {} : { body }), ...(this.#signal ? { signal: this.#signal } : {}) })
      : await this.#fetch(url, { method, headers, body, ...(this.#signal ? { signal: this.#signal } : {}) }).then(async (response) => ({
          status: response.status,
          headers: response.headers,
          body: await readBounded(response),
        }));
    const durationMs = performance.now() - started;
    const exchange: Exchange = {
      request: { method, path, headers, ...(options.json !== undefined ? { body: options.json } : body !== undefined ? { body } : {}) },
      response: { status: answer.status, headers: pickHeaders(answer.headers, options.keepHeaders), body: parseBody(answer.body) },
      durationMs,
    };
    if (options.record ?? this.#keepEvidence) this.exchanges.push(exchange);
    return exchange;
  }

  async #sendUnrestricted(request: UnrestrictedRequest): Promise<{ status: number; headers: AnswerHeaders; body: string }> {
    if (this.target.sendUnrestricted !== undefined) {
      const answer = await this.target.sendUnrestricted(request);
      return { status: answer.status, headers: headersOf(answer), body: answer.body };
    }
    // A page's fetch silently drops Cookie and Origin and hides Set-Cookie: the client would lie.
    if (typeof document !== 'undefined') throw new BrowserCannotSend('a browser page cannot send Cookie or Origin headers, or read Set-Cookie');
    const response = await this.#fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { status: response.status, headers: response.headers, body: await readBounded(response) };
  }

  register(username: string, password: string, options: SendOptions = {}): Promise<Exchange> {
    return this.send('POST', '/register', { ...options, json: { username, password } });
  }

  login(username: string, password: string, options: SendOptions = {}): Promise<Exchange> {
    return this.send('POST', '/login', { ...options, json: { username, password } });
  }

  records(authorization: string, options: SendOptions = {}): Promise<Exchange> {
    return this.send('GET', '/records', { ...options, headers: { Authorization: authorization } });
  }

  breach(): Promise<Exchange> {
    return this.send('GET', '/breach');
  }

  /** `POST /sniff`: the lab sends a victim's request with this header and answers what crossed the wire. Loopback only. */
  sniff(authorization: string): Promise<Exchange> {
    return this.send('POST', '/sniff', { json: { authorization } });
  }
}

/** True for a 2xx answer. */
export function succeeded(exchange: Exchange): boolean {
  return exchange.response.status >= 200 && exchange.response.status < 300;
}

/** The `error` message of a refusal, e.g. "Unknown user". */
export function errorOf(exchange: Exchange): string | undefined {
  const body = exchange.response.body;
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
}

/** `Retry-After` in seconds, when the answer gave one. */
export function retryAfterOf(exchange: Exchange, now: number = Date.now()): number | undefined {
  const value = exchange.response.headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  // Delay-seconds, or an HTTP-date (RFC 9110, section 10.2.3); a date in the past means now.
  if (/^\d+$/.test(value)) return Number(value);
  // Every HTTP-date form starts with the day's name; Date.parse alone would read "-5" as a year.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A session cookie as a `Set-Cookie` line set it: name, value and attributes. */
export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case (`httponly`, `samesite`, ...), valued or `''` for flags. */
  attributes: ReadonlyMap<string, string>;
}

/**
 * The cookies an answer set, read from its evidence. Empty in a browser page, which never lets
 * scripts see `Set-Cookie`.
 */
export function setCookiesOf(exchange: Exchange): SetCookie[] {
  const lines = exchange.response.headers['set-cookie']?.split('\n') ?? [];
  return lines.flatMap((line) => {
    const [pair = '', ...parts] = line.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) return [];
    const attributes = new Map(
      parts.map((part) => {
        const [name = '', ...value] = part.split('=');
        return [name.trim().toLowerCase(), value.join('=').trim()] as const;
      }),
    );
    return [{ name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), attributes }];
  });
}

function pickHeaders(headers: AnswerHeaders, also: readonly string[] = []): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of [...SHOWN_HEADERS, ...also.map((header) => header.toLowerCase())]) {
    // Set-Cookie lines may contain commas (Expires), so they are joined by newlines, not by `get`'s ", ".
    const value = name === 'set-cookie' ? headers.getSetCookie().join('\n') || null : headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

/** What the client reads of an answer's headers: fetch's Headers, or a relayed answer's record. */
interface AnswerHeaders {
  get(name: string): string | null;
  getSetCookie(): string[];
}

/** A relayed answer's headers; kept as a plain record, because a page's Headers object would drop Set-Cookie. */
function headersOf(answer: UnrestrictedAnswer): AnswerHeaders {
  const lowerCased = new Map(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    get: (name) => {
      const value = lowerCased.get(name.toLowerCase());
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    getSetCookie: () => [lowerCased.get('set-cookie') ?? []].flat(),
  };
}

/** The most of an answer's body the client reads: evidence needs the start, and a huge answer must not fill the memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, at most MAX_BODY_BYTES of it; the rest is never read. */
async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, MAX_BODY_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
