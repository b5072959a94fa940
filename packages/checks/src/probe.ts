import type { CheckTarget } from './target.ts';

/** One request and its answer, kept as evidence a learner can read. */
export interface Exchange {
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
  durationMs: number;
}

/** The parts of a stage's published `policy` the checks read (all optional: exercises may omit them). */
export interface TargetPolicy {
  lockout?: { maxFailures: number; windowSeconds: number; lockSeconds: number } | null;
  rateLimit?: { limit: number; windowSeconds: number } | null;
  accessToken?: { ttlSeconds: number | null } | null;
}

export interface SignedIn {
  /** The Authorization header `/records` accepts. */
  authorization: string;
  /** The login response: absent on a stage without login (Basic). */
  login?: Exchange;
  token?: string;
  refreshToken?: string;
}

/** Response headers worth showing; the rest is noise in evidence. */
const SHOWN_HEADERS = ['www-authenticate', 'retry-after', 'ratelimit', 'ratelimit-policy', 'x-auth-flow'];

export interface SendOptions {
  json?: unknown;
  headers?: Record<string, string>;
  /** Leave out of the evidence (timing samples would drown the interesting requests). */
  record?: boolean;
}

/** A recording HTTP client for one stage, with the stage's routes as methods. */
export class Probe {
  readonly exchanges: Exchange[] = [];
  #hasLogin: boolean | undefined;
  readonly #target: CheckTarget;
  readonly #fetch: typeof fetch;

  constructor(target: CheckTarget) {
    this.#target = target;
    this.#fetch = target.fetch ?? fetch;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const started = performance.now();
    const response = await this.#fetch(`${this.#target.baseUrl}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await response.text();
    const durationMs = performance.now() - started;
    const exchange: Exchange = {
      request: { method, path, headers, ...(options.json === undefined ? {} : { body: options.json }) },
      response: { status: response.status, headers: pickHeaders(response.headers), body: parseBody(text) },
      durationMs,
    };
    if (options.record !== false) this.exchanges.push(exchange);
    return exchange;
  }

  async reset(): Promise<void> {
    const exchange = await this.send('POST', '/reset', { record: false });
    if (exchange.response.status >= 300) throw new Error(`POST /reset answered ${exchange.response.status}`);
  }

  async policy(): Promise<TargetPolicy> {
    const exchange = await this.send('GET', '', { record: false });
    const body = exchange.response.body;
    return typeof body === 'object' && body !== null && 'policy' in body ? (body.policy as TargetPolicy) : {};
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

  /** Whether the stage has a login route at all; a stage without one wants credentials on every request. */
  async hasLogin(): Promise<boolean> {
    if (this.#hasLogin === undefined) {
      const exchange = await this.send('POST', '/login', { json: { username: 'nobody-here', password: 'x' }, record: false });
      this.#hasLogin = exchange.response.status !== 404 && exchange.response.status !== 405;
    }
    return this.#hasLogin;
  }

  /** One login attempt: POST /login, or a Basic-authenticated request on a stage without login. */
  async attempt(username: string, password: string, options: SendOptions = {}): Promise<Exchange> {
    return (await this.hasLogin())
      ? this.login(username, password, options)
      : this.records(basicAuthorization(username, password), options);
  }

  /** Registers a fresh user and returns how to call `/records` as them. */
  async signIn(username: string, password: string): Promise<SignedIn> {
    const registered = await this.register(username, password);
    if (registered.response.status !== 201) throw new Error(`registration answered ${registered.response.status}`);
    if (!(await this.hasLogin())) return { authorization: basicAuthorization(username, password) };
    const login = await this.login(username, password);
    const body = login.response.body as { token?: unknown; refreshToken?: unknown } | null;
    if (login.response.status !== 200 || typeof body?.token !== 'string') {
      throw new Error(`login answered ${login.response.status} without a token`);
    }
    return {
      authorization: `Bearer ${body.token}`,
      login,
      token: body.token,
      ...(typeof body.refreshToken === 'string' ? { refreshToken: body.refreshToken } : {}),
    };
  }

  advanceClock(seconds: number): Promise<void> {
    return this.#target.advanceClock(seconds);
  }
}

export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function pickHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** True for a 2xx answer. */
export function succeeded(exchange: Exchange): boolean {
  return exchange.response.status >= 200 && exchange.response.status < 300;
}
