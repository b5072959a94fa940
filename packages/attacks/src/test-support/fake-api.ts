import { createDescribedTarget, decodeJWT, readApiDescription, unsignedJWT, type ApiDescription, type DescribedTarget } from '@authlab/contract';

/**
 * An in-memory stand-in for a learner's own login API, answering through a fake fetch: paths,
 * bodies and token places unlike an AuthLab stage's (`/api/signup`, `/api/auth` answering
 * `{data:{access_token}}`, `/api/me` with `X-Access-Token`), so a test shows the attacks speak it
 * through its description. Options turn its defences and its mistakes on.
 */
export interface FakeApiOptions {
  /** Accounts that exist before the attack, e.g. a real user the attack must never touch. */
  existing?: Record<string, string>;
  /** Failed logins for one name after which it answers 423. */
  lockoutAfter?: number;
  /** Logins per run after which it answers 429. */
  rateLimitAfter?: number;
  /** `distinct`: 404 "Unknown user" vs 401 "Wrong password"; one 401 otherwise. */
  errors?: 'distinct' | 'generic';
  /** Shortest password it registers (400 below). */
  minPasswordLength?: number;
  /** `jwt-none-accepted`: issues unsigned-checkable JWTs and believes any JWT's `user` claim (alg: none included). */
  tokens?: 'opaque' | 'jwt-none-accepted';
  /** Seconds an access token lives, checked with Date.now(); forever without it. */
  tokenSeconds?: number;
  /** Extra lines of the description, e.g. `known` or `storage`. */
  describe?: Partial<ApiDescription>;
  readStored?: () => Promise<ReadonlyMap<string, string>>;
}

export interface FakeApi {
  target: DescribedTarget;
  /** `METHOD path` of every request, in order. */
  requests: string[];
  /** Every username a login was tried for, in order. */
  loginsFor: string[];
  users: Map<string, string>;
}

const DESCRIPTION = `
version: 1
name: Fake own API
register:
  path: /api/signup
  body: { user: { name: '{username}', secret: '{password}' } }
  success: 201
login:
  path: /api/auth
  body: { name: '{username}', secret: '{password}' }
  token: { json: data.access_token }
protected:
  path: /api/me
  send: { header: X-Access-Token, value: '{token}' }
`;

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const read = readApiDescription(DESCRIPTION);
  if (!read.ok) throw new Error(read.problems.join('; '));
  const requests: string[] = [];
  const loginsFor: string[] = [];
  const users = new Map(Object.entries(options.existing ?? {}));
  const failures = new Map<string, number>();
  const tokens = new Map<string, { user: string; expiresMs: number }>();
  let logins = 0;
  const json = (status: number, body?: unknown): Response =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  const issue = (user: string): string => {
    const expiresMs = options.tokenSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.tokenSeconds * 1000;
    const token = options.tokens === 'jwt-none-accepted' ? unsignedJWT({ user }) : `opaque-${crypto.randomUUID()}`;
    tokens.set(token, { user, expiresMs });
    return token;
  };
  const holder = (token: string | null): string | undefined => {
    if (token === null) return undefined;
    // The mistake: a JWT's claims are believed without checking how (or whether) it was signed.
    if (options.tokens === 'jwt-none-accepted') {
      const user = decodeJWT(token)?.payload.user;
      return typeof user === 'string' && users.has(user) ? user : undefined;
    }
    const issued = tokens.get(token);
    return issued !== undefined && Date.now() < issued.expiresMs ? issued.user : undefined;
  };

  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    init.signal?.throwIfAborted();
    const path = new URL(String(input)).pathname;
    requests.push(`${init.method ?? 'GET'} ${path}`);
    if (path === '/api/signup') {
      const { user } = JSON.parse(String(init.body)) as { user: { name: string; secret: string } };
      if (users.has(user.name)) return json(409, { error: 'taken' });
      if (user.secret.length < (options.minPasswordLength ?? 1)) return json(400, { error: 'password too short' });
      users.set(user.name, user.secret);
      return json(201, { ok: true });
    }
    if (path === '/api/auth') {
      const { name, secret } = JSON.parse(String(init.body)) as { name: string; secret: string };
      loginsFor.push(name);
      logins++;
      if (options.rateLimitAfter !== undefined && logins > options.rateLimitAfter)
        return new Response(JSON.stringify({ error: 'slow down' }), { status: 429, headers: { 'Retry-After': '30' } });
      if (options.lockoutAfter !== undefined && (failures.get(name) ?? 0) >= options.lockoutAfter)
        return new Response(JSON.stringify({ error: 'locked' }), { status: 423, headers: { 'Retry-After': '900' } });
      const stored = users.get(name);
      if (stored === secret) return json(200, { data: { access_token: issue(name) } });
      failures.set(name, (failures.get(name) ?? 0) + 1);
      if (options.errors === 'distinct' && stored === undefined) return json(404, { error: 'Unknown user' });
      return json(401, { error: options.errors === 'distinct' ? 'Wrong password' : 'Invalid credentials' });
    }
    if (path === '/api/me') {
      const user = holder(new Headers(init.headers).get('x-access-token'));
      return user === undefined ? json(401, { error: 'not signed in' }) : json(200, { profile: { username: user } });
    }
    return json(404, { error: 'Not found' });
  };
  const target = createDescribedTarget(
    'http://127.0.0.1:9',
    { ...read.description, ...options.describe },
    { fetch: fakeFetch as typeof fetch, ...(options.readStored ? { readStored: options.readStored } : {}) },
  );
  return { target, requests, loginsFor, users };
}
