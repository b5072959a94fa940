import fc from 'fast-check';
import { expect } from 'vitest';
import { STAGE_IDS, type StageId } from '@authlab/contract';
import { anyJSON, fieldValue, headerValue, hugeString, method, nastyString, password, pathVariant, percentEncode, requestBody, username } from './arbitraries.ts';
import { authorizationHeader } from './authorization.ts';
import { fuzzRoute, type FuzzRequest, type FuzzServer, type StageCredentials } from './harness.ts';
import { changeCount, checkDataChange, checkNoPrototypePollution, checkResponse, snapshot, type Target } from './invariants.ts';

/** One generated request and the route it was aimed at. */
export interface FuzzCase {
  target: Target;
  request: FuzzRequest;
}

/** A route, and the hostile requests to throw at it. */
export interface RouteFuzz {
  /** e.g. `POST /api/stages/jwt/refresh`: the name the seed is derived from. */
  name: string;
  cases: fc.Arbitrary<FuzzCase>;
  /** Requests run before the generated ones: regressions the suite once found. */
  examples: FuzzCase[];
}

/** Routes whose handler is the stage's own code: fuzzed on each stage that has them. */
export const STAGE_ROUTES: Record<StageId, readonly string[]> = {
  plaintext: ['register', 'login', 'records', 'logout'],
  sha256: ['register', 'login', 'records', 'logout'],
  bcrypt: ['register', 'login', 'records', 'logout'],
  basic: ['register', 'login', 'records'],
  jwt: ['register', 'login', 'records', 'refresh', 'logout'],
  lockout: ['register', 'login', 'records', 'refresh', 'logout'],
};

/** Lab plumbing that app.ts mounts identically on every stage: fuzzed once, over all six stages. */
export const SHARED_ROUTES = ['breach', 'reset', 'clock', 'sniff', 'info'] as const;

const ROUTE_METHODS: Record<string, string> = {
  register: 'POST',
  login: 'POST',
  records: 'GET',
  refresh: 'POST',
  logout: 'POST',
  breach: 'GET',
  reset: 'POST',
  clock: 'POST',
  sniff: 'POST',
  info: 'GET',
};

/** The JSON fields each route reads; routes without a body still get random ones. */
function fieldsFor(route: string, credentials: StageCredentials): Record<string, fc.Arbitrary<unknown>> {
  switch (route) {
    case 'register':
    case 'login':
      return { username: fieldValue(username(credentials.username)), password: fieldValue(password(credentials.password)) };
    case 'refresh':
      return { refreshToken: fieldValue(fc.oneof(fc.constant(credentials.refreshToken ?? ''), nastyString(60), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/))) };
    case 'clock':
      return { advanceSeconds: fieldValue(fc.oneof(fc.integer({ min: -10, max: 40_000_000 }), fc.double(), fc.constantFrom(0, 1, 901, -0, 1e21, 2 ** 53))) };
    case 'sniff':
      // The header the victim's request carries: a real one, a hostile one, or a broken line.
      return {
        authorization: fieldValue(
          fc.oneof(
            fc.constant(credentials.authorization),
            authorizationHeader(credentials.authorization).map((value) => value ?? ''),
            nastyString(60),
          ),
        ),
      };
    default:
      return { anything: anyJSON };
  }
}

function pathOf(stage: string, route: string): string {
  return route === 'info' ? `/api/stages/${stage}` : `/api/stages/${stage}/${route}`;
}

/** Hostile requests to one route of one stage. */
function casesFor(stage: StageId, route: string, credentials: StageCredentials): fc.Arbitrary<FuzzCase> {
  const own = ROUTE_METHODS[route] ?? 'GET';
  // Authorization matters on every route (a stray header must never break one), most on those that read it.
  const readsAuthorization = route === 'records' || route === 'logout';
  const authorization = fc.oneof(
    { weight: readsAuthorization ? 1 : 6, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: authorizationHeader(credentials.authorization) },
  );
  return fc
    .tuple(method(own), pathVariant(pathOf(stage, route)), requestBody(fieldsFor(route, credentials)), authorization, fc.nat({ max: 9 }))
    .map(([verb, path, { headers, body }, auth, roll]): FuzzCase => {
      const all: Record<string, string> = { ...headers };
      if (auth !== undefined) all.authorization = headerValue(auth);
      // GET routes mostly arrive without a body, as real clients send them.
      const withBody = body !== undefined && (own === 'POST' || roll === 0);
      return { target: { stage, route }, request: withBody ? { method: verb, path, headers: all, body } : { method: verb, path, headers: all } };
    });
}

/** One stage's own route. */
export function stageRoute(stage: StageId, route: string, credentials: StageCredentials): RouteFuzz {
  return { name: `${ROUTE_METHODS[route]} ${pathOf(stage, route)}`, cases: casesFor(stage, route, credentials), examples: regressions(stage, route) };
}

/** A shared route, on a stage drawn anew for every request. */
export function sharedRoute(route: string, credentials: Record<StageId, StageCredentials>): RouteFuzz {
  return {
    name: `${ROUTE_METHODS[route]} ${pathOf(':stage', route)}`,
    cases: fc.constantFrom(...STAGE_IDS).chain((stage) => casesFor(stage, route, credentials[stage])),
    examples: regressions('jwt', route),
  };
}

/** Bugs this suite found once: a broken %-escape in the stage name and a corrupt gzip body answered 500. */
function regressions(stage: string, route: string): FuzzCase[] {
  const target = { stage, route };
  const path = pathOf(stage, route);
  const json = { 'content-type': 'application/json' };
  return [
    { target, request: { method: 'POST', path, headers: { ...json, 'content-encoding': 'gzip' }, body: Buffer.from('not gzip') } },
    { target, request: { method: 'POST', path, headers: { ...json, 'content-encoding': 'br' }, body: Buffer.from('not brotli') } },
    { target, request: { method: 'GET', path: path.replace(stage, '%E0%A4%A'), headers: {} } },
  ];
}

/** Routes outside any stage: health, the stage list, unknown stages and unknown paths. */
export function serverRoutes(): RouteFuzz[] {
  const bare = (path: string, route: string): RouteFuzz => ({
    name: `GET ${path}`,
    cases: fc
      .tuple(method('GET'), pathVariant(path), requestBody({ anything: anyJSON }), authorizationHeader('Bearer x'))
      .map(([verb, variant, { headers, body }, auth]): FuzzCase => {
        const all: Record<string, string> = auth === undefined ? { ...headers } : { ...headers, authorization: headerValue(auth) };
        const request = body === undefined || verb === 'GET' ? { method: verb, path: variant, headers: all } : { method: verb, path: variant, headers: all, body };
        return { target: { stage: '-', route }, request };
      }),
    examples: [
      {
        target: { stage: '-', route },
        request: { method: 'POST', path, headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, body: Buffer.from('x') },
      },
    ],
  });
  const segment = fc.oneof(
    nastyString(20),
    hugeString.map((value) => value.slice(0, 2000)),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '..', '%', '%00', '%zz'),
  );
  const unknownStage = fc.tuple(method('GET'), segment).map(([verb, name]): FuzzCase => ({
    target: { stage: '-', route: 'unknown' },
    request: { method: verb, path: `/api/stages/${name.startsWith('%') ? name : percentEncode(name)}`, headers: {} },
  }));
  const anywhere = fc.tuple(method('GET'), fc.array(fc.oneof(segment, fc.constantFrom('api', 'stages', 'jwt', '')), { maxLength: 6 })).map(([verb, segments]): FuzzCase => ({
    target: { stage: '-', route: 'unknown' },
    request: { method: verb, path: `/${segments.map((part) => (part.startsWith('%') ? part : percentEncode(part))).join('/')}`, headers: {} },
  }));
  return [
    bare('/api/health', 'health'),
    bare('/api/stages', 'stages'),
    { name: 'ANY /api/stages/:unknown', cases: unknownStage, examples: [] },
    { name: 'ANY /:unknown', cases: anywhere, examples: [] },
  ];
}

/** The statuses one route answered, to prove that both refusals and successes were exercised. */
export type StatusCounts = Map<number, number>;

async function breachDump(server: FuzzServer, stage: string): Promise<string[]> {
  const response = await server.send({ method: 'GET', path: `/api/stages/${stage}/breach`, headers: {} });
  return (JSON.parse(response.text).users as { username: string }[]).map((user) => user.username).sort();
}

/**
 * Throws the route's generated requests at the server one by one and checks every invariant
 * after each: the response, the prototypes, the data, and every hundred requests the health route.
 */
export async function fuzzAgainst(server: FuzzServer, fuzz: RouteFuzz): Promise<StatusCounts> {
  const statuses: StatusCounts = new Map();
  const database = server.lab.sqlite;
  // What the breach dump must hold at the end: what it held before, plus what was registered since.
  const expectedUsers = new Map<string, string[]>();
  for (const stage of STAGE_IDS) expectedUsers.set(stage, await breachDump(server, stage));
  let [last, lastWrites] = [snapshot(database), changeCount(database)];
  let sent = 0;
  await fuzzRoute(
    fuzz.name,
    fuzz.cases,
    async ({ target, request }) => {
      const response = await server.send(request);
      checkResponse(request, response);
      checkNoPrototypePollution(request);
      // Nothing else writes between two requests, so the last snapshot is the state this one started from.
      const writes = changeCount(database);
      if (writes !== lastWrites) {
        const after = snapshot(database);
        checkDataChange(request, response, target, last, after);
        [last, lastWrites] = [after, writes];
      }
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 201) expectedUsers.get(target.stage)?.push(JSON.parse(response.text).username);
      if (response.status === 204 && target.route === 'reset') expectedUsers.set(target.stage, []);
      sent += 1;
      if (sent % 100 === 0) await expectHealthy(server);
    },
    fuzz.examples,
  );
  await expectHealthy(server);
  // The breach dump, as an attacker would read it, holds exactly what succeeded and nothing else.
  for (const [stage, users] of expectedUsers) expect(await breachDump(server, stage)).toEqual(users.sort());
  return statuses;
}

async function expectHealthy(server: FuzzServer): Promise<void> {
  const health = await server.send({ method: 'GET', path: '/api/health', headers: {} });
  expect(health).toMatchObject({ status: 200, text: '{"status":"ok"}' });
}

export function count(statuses: StatusCounts, from: number, to: number): number {
  return [...statuses].filter(([status]) => status >= from && status <= to).reduce((sum, [, n]) => sum + n, 0);
}
