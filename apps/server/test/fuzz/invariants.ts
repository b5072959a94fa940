import path from 'node:path';
import type { SQLiteLabDatabase } from '../../src/store/database.ts';

type SQLiteDatabase = SQLiteLabDatabase['sqlite'];
import type { FuzzRequest, FuzzResponse } from './harness.ts';

/**
 * What must hold after every generated request, whatever it was: these are the claims of the
 * HTTP contract ("never a 500 for bad input, never a stack trace") turned into checks.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

/** Traces of internals that must never reach a client. */
const LEAKS: RegExp[] = [
  /\bat [\w.<>]+ \(/, // a stack frame: "at parseBody ("
  /\bat (file:|node:|\/)/, // an anonymous stack frame
  /\.[cm]?[jt]s:\d+/, // a source position
  /node_modules/,
  /file:\/\//,
  new RegExp(REPO_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  /SQLITE_|ZodError|TypeError|RangeError|URIError|SyntaxError/,
];

/** The headers helmet sets on everything Express answers, plus our no-store for the API. */
const SECURITY_HEADERS: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/,
  'content-security-policy': /default-src '(self|none)'/,
};
const EXPRESS_SECURITY_HEADERS: Record<string, RegExp> = {
  'x-frame-options': /^SAMEORIGIN$/,
  'referrer-policy': /^no-referrer$/,
  'cross-origin-resource-policy': /^same-origin$/,
};

class InvariantError extends Error {
  constructor(message: string, request: FuzzRequest, response?: FuzzResponse) {
    const body = request.body === undefined ? '' : ` body=${JSON.stringify(request.body.toString('latin1').slice(0, 300))}`;
    const answer = response === undefined ? '' : `\n  -> ${response.status} ${response.text.slice(0, 500)}`;
    super(`${message}\n  request: ${request.method} ${request.path.slice(0, 200)} headers=${JSON.stringify(request.headers).slice(0, 400)}${body}${answer}`);
    this.name = 'InvariantError';
  }
}

/** Status below 500, a `{error, code}` JSON body on every 4xx, no internals, security headers. */
export function checkResponse(request: FuzzRequest, response: FuzzResponse): void {
  const fail = (message: string): never => {
    throw new InvariantError(message, request, response);
  };
  if (response.status < 200 || response.status >= 500) fail(`status ${response.status}`);
  for (const pattern of LEAKS) if (pattern.test(response.text)) fail(`body leaks internals (${pattern})`);

  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    if (!pattern.test(response.headers[name] ?? '')) fail(`missing security header ${name}`);
  }
  // Node's parser refuses some requests before Express runs (431 and 400 from createHTTPServer).
  const answeredByExpress = response.headers['x-frame-options'] !== undefined || response.status < 400 || response.status === 404;
  if (answeredByExpress) {
    for (const [name, pattern] of Object.entries(EXPRESS_SECURITY_HEADERS)) {
      if (!pattern.test(response.headers[name] ?? '')) fail(`missing security header ${name}`);
    }
  }
  if (request.path.startsWith('/api/') && response.status !== 431 && response.headers['cache-control'] !== 'no-store') {
    fail('API response may be cached');
  }

  if (response.status >= 400 && request.method !== 'HEAD') {
    if (!/^application\/json/.test(response.headers['content-type'] ?? '')) fail('4xx without a JSON body');
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      fail('4xx body is not JSON');
    }
    const keys = typeof body === 'object' && body !== null ? Object.keys(body).sort().join(',') : '';
    const { error, code } = (body ?? {}) as { error?: unknown; code?: unknown };
    if (keys !== 'code,error' || typeof error !== 'string' || typeof code !== 'string' || error === '' || code === '') {
      fail('4xx body is not {error, code}');
    }
  }
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const PROTOTYPE_KEYS = PROTOTYPES.map((prototype) => Reflect.ownKeys(prototype));
const valuesOf = (prototype: object): unknown[] => Reflect.ownKeys(prototype).map((key) => Object.getOwnPropertyDescriptor(prototype, key)?.value);
const OBJECT_PROTOTYPE_VALUES = valuesOf(Object.prototype);

/** Nothing a request sent may have added to (or replaced on) a built-in prototype. */
export function checkNoPrototypePollution(request: FuzzRequest): void {
  const empty = {} as Record<string, unknown>;
  const polluted =
    PROTOTYPES.some((prototype, index) => {
      const keys = Reflect.ownKeys(prototype);
      const before = PROTOTYPE_KEYS[index] ?? [];
      return keys.length !== before.length || keys.some((key, at) => key !== before[at]);
    }) ||
    valuesOf(Object.prototype).some((value, at) => value !== OBJECT_PROTOTYPE_VALUES[at]) ||
    Object.getPrototypeOf(empty) !== Object.prototype ||
    ['polluted', 'admin', 'isAdmin', 'role', 'username', 'password', 'token'].some((key) => empty[key] !== undefined);
  if (polluted) throw new InvariantError('a built-in prototype was changed', request);
}

/** Every row of every table, as comparable strings, grouped by table. */
export type Snapshot = Record<'users' | 'sessions' | 'refresh_tokens' | 'lockouts', Set<string>>;

export function snapshot(database: SQLiteDatabase): Snapshot {
  const rows = (table: string): Set<string> => new Set((database.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]).map((row) => JSON.stringify(row)));
  return { users: rows('users'), sessions: rows('sessions'), refresh_tokens: rows('refresh_tokens'), lockouts: rows('lockouts') };
}

/** Rows inserted, updated or deleted on this connection so far: unchanged means nothing was written. */
const changeStatements = new WeakMap<SQLiteDatabase, { get(): unknown }>();
export function changeCount(database: SQLiteDatabase): number {
  let statement = changeStatements.get(database);
  if (statement === undefined) changeStatements.set(database, (statement = database.prepare('SELECT total_changes()').pluck()));
  return statement.get() as number;
}

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((row) => !b.has(row));
}

function stageOf(row: string): string {
  return (JSON.parse(row) as { stage: string }).stage;
}

/** The route a request was aimed at, as the data rules below name it. */
export interface Target {
  stage: string;
  route: string;
}

/**
 * The data changes only through requests that succeeded, and only on their own stage:
 * a refused registration stores nothing, a refused login issues nothing. The two refusals that
 * write on purpose are stage 6 counting a failed login towards its lockout, and a reused refresh
 * token revoking its family.
 */
export function checkDataChange(request: FuzzRequest, response: FuzzResponse, target: Target, before: Snapshot, after: Snapshot): void {
  const fail = (message: string): never => {
    throw new InvariantError(message, request, response);
  };
  const succeeded = response.status >= 200 && response.status < 300;
  for (const table of Object.keys(before) as (keyof Snapshot)[]) {
    const added = difference(after[table], before[table]);
    const removed = difference(before[table], after[table]);
    const changed = [...added, ...removed];
    if (changed.length === 0) continue;
    if (changed.some((row) => stageOf(row) !== target.stage)) fail(`${table} of another stage changed`);

    const countsFailure = table === 'lockouts' && target.stage === 'lockout' && target.route === 'login';
    const revokesFamily = table === 'refresh_tokens' && target.route === 'refresh' && /"code":"refresh_reused"/.test(response.text);
    if (!succeeded && !countsFailure && !revokesFamily) fail(`${table} changed although the request was refused`);
    if (!succeeded) continue;

    if (table === 'users') {
      if (target.route === 'reset') continue;
      const username = (JSON.parse(response.text || '{}') as { username?: unknown }).username;
      const onlyTheNewUser = target.route === 'register' && removed.length === 0 && added.length === 1;
      if (!onlyTheNewUser || (JSON.parse(added[0] ?? '{}') as { username?: unknown }).username !== username) {
        fail('users changed other than by adding the one registered user');
      }
    } else if (!['login', 'refresh', 'logout', 'reset'].includes(target.route)) {
      fail(`${table} changed on ${target.route}`);
    }
  }
}
