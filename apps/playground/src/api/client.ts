/**
 * The only module that talks to the server. Everything is same-origin (`/api/...`), in
 * production (served by the lesson server) and in development (Vite proxies /api).
 */
import { WORKSPACE_LIMIT_HEADER } from '@authlab/contract';
import type {
  ApiTarget,
  ClassroomStatus,
  ExerciseProgress,
  StageDescription,
  StageTarget,
  TargetDescription,
  UnrestrictedAnswer,
  UnrestrictedRequest,
} from '@authlab/contract';
import type { BreachUser } from '../lib/breach.ts';
import { relayedFetch } from './relayed-response.ts';
import type { ExchangeRecord, RequestSpec } from './types.ts';

let nextExchangeId = 1;

/**
 * Read once at start-up (`fetchClassroomStatus`): whether stage requests must carry this
 * browser's workspace cookie, which only the relay can do (see `stageFetch`). Until the answer is
 * in, stage requests wait for it rather than guess.
 */
let classroomMode: Promise<boolean> | undefined;

/** `GET /api/classroom`: local (one implicit workspace) or a classroom, and this browser's place in it. */
export function fetchClassroomStatus(): Promise<ClassroomStatus> {
  const status = fetch('/api/classroom', { cache: 'no-store' }).then(async (response): Promise<ClassroomStatus> => {
    if (!response.ok) throw new Error(`GET /api/classroom answered ${response.status}`);
    return (await response.json()) as ClassroomStatus;
  });
  // A lab that cannot say is treated as local: that is what every lab did before classrooms.
  classroomMode ??= status.then(
    (answer) => answer.mode === 'classroom',
    () => false,
  );
  return status;
}

export async function fetchStages(): Promise<StageDescription[]> {
  const response = await fetch('/api/stages');
  if (!response.ok) throw new Error(`GET /api/stages answered ${response.status}`);
  return ((await response.json()) as { stages: StageDescription[] }).stages;
}

export async function fetchStage(stage: string): Promise<StageDescription> {
  const response = await fetch(`/api/stages/${encodeURIComponent(stage)}`);
  if (!response.ok) throw new Error(`GET /api/stages/${stage} answered ${response.status}`);
  return (await response.json()) as StageDescription;
}

/** What `npm run challenge` and `npm run mini-project` recorded of the learner's runs (server data, not localStorage). */
export async function fetchExerciseProgress(): Promise<ExerciseProgress> {
  const response = await fetch('/api/exercises/progress', { cache: 'no-store' });
  if (!response.ok) {
    // The lab says why in its JSON error (another machine on a classroom network, say).
    const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
    throw new Error(typeof body?.error === 'string' ? body.error : `GET /api/exercises/progress answered ${response.status}`);
  }
  return (await response.json()) as ExerciseProgress;
}

function stageOf(path: string): string | undefined {
  return /^\/api\/stages\/([^/?#]+)/.exec(path)?.[1];
}

/** Sends what the learner built, exactly, and records everything that came back. */
export async function sendRequest(spec: RequestSpec): Promise<ExchangeRecord> {
  const started = performance.now();
  const body = spec.method === 'GET' || spec.body === undefined || spec.body === '' ? undefined : spec.body;
  const request: UnrestrictedRequest = {
    method: spec.method,
    url: new URL(spec.path, window.location.origin).href,
    headers: spec.headers,
    ...(body === undefined ? {} : { body }),
  };
  const answer =
    goesThroughRelay(spec) || (await inClassroom())
      ? await relay(request)
      : await directStageFetch(spec.path, { method: spec.method, headers: spec.headers, body }).then(readAnswer);
  const durationMs = performance.now() - started;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    // Set-Cookie lines can contain commas (Expires), so several are kept one per line.
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(name.toLowerCase() === 'set-cookie' ? '\n' : ', ') : value;
  }
  const bodyText = answer.body;
  const response = { status: answer.status, statusText: answer.statusText ?? '' };
  let json: unknown;
  try {
    json = bodyText === '' ? undefined : (JSON.parse(bodyText) as unknown);
  } catch {
    json = undefined;
  }
  return {
    id: nextExchangeId++,
    stage: stageOf(spec.path),
    request: spec,
    response: { status: response.status, statusText: response.statusText, headers, bodyText, json },
    durationMs,
    flow: (headers['x-auth-flow'] ?? '').split(',').filter((node) => node !== ''),
    at: Date.now(),
  };
}

const CHECK_REQUEST_TIMEOUT_MS = 30_000;

/** The run's Stop, if any, and a timeout either way: a request that hangs fails its check or attack instead of stalling the run. */
function withTimeout(stop: AbortSignal | null | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(CHECK_REQUEST_TIMEOUT_MS);
  return stop ? AbortSignal.any([stop, timeout]) : timeout;
}

function inClassroom(): Promise<boolean> {
  return classroomMode ?? Promise.resolve(false);
}

/**
 * A request to one of this lab's stages, sent without cookies: a 401 with
 * `WWW-Authenticate: Basic` (stage 4) would otherwise make the browser open its own login
 * dialog, and a check or attack would wait on it forever.
 */
function directStageFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return fetch(input, { ...init, credentials: 'omit', cache: 'no-store', signal: withTimeout(init?.signal) });
}

/**
 * Every request the request panel, the checks and the attacks send to a stage. In a classroom
 * each stage request must carry this browser's workspace cookie, and a request that carries
 * cookies would bring back stage 4's login dialog: so there the lab's relay sends it, the
 * cookie riding on the same-origin request to the relay instead. Locally, it goes straight.
 */
const relayToOwnStage = relayedFetch(relay);
const stageFetch: typeof fetch = async (input, init) => ((await inClassroom()) ? relayToOwnStage(input, init) : directStageFetch(input, init));

/** A practice-check target for one stage of this server, loaded on demand so the first page stays small. */
export async function checkTarget(stage: string): Promise<ApiTarget> {
  const { createStageTarget } = await import('@authlab/contract/target');
  return { ...createStageTarget(window.location.origin, stage, { fetch: stageFetch }), sendUnrestricted: (request) => relay(request) };
}

/**
 * Requests a page cannot send truthfully go through the lab's relay instead: the cookie routes,
 * whose Set-Cookie a page may not read and whose Cookie it may not set, and anything carrying
 * a header the browser would drop or overwrite (Origin, Sec-Fetch-*), such as a forged form.
 */
const PAGE_FORBIDDEN_HEADER = /^(cookie|origin|referer|sec-.+)$/i;
function goesThroughRelay(spec: RequestSpec): boolean {
  return /\/cookie\//.test(spec.path) || Object.keys(spec.headers).some((name) => PAGE_FORBIDDEN_HEADER.test(name));
}

async function readAnswer(response: Response): Promise<UnrestrictedAnswer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, statusText: response.statusText, headers, body: await response.text() };
}

/** A classroom's "slow down" is waited out this many times before the answer is handed on. */
const WORKSPACE_BUSY_RETRIES = 5;

/**
 * The cookie checks must send what only another site's page would make a browser send (Cookie,
 * Origin, Sec-Fetch-Site) and read Set-Cookie, which a page may do neither of: the lab server
 * sends such requests to its own stages for us (`POST /api/relay`). In a classroom every stage
 * request goes this way, so this request keeps the browser's default credentials: the
 * workspace cookie must reach the relay, which forwards to this learner's own stages.
 *
 * A classroom's own 429 (the workspace's fair share, marked `AuthLab-Workspace-Limit: busy`) is
 * waited out and the request sent again: a check or attack must judge the stage's rate limiter,
 * never the classroom's.
 */
async function relay(request: UnrestrictedRequest): Promise<UnrestrictedAnswer> {
  for (let retry = 0; ; retry++) {
    const answer = await relayOnce(request);
    if (answer.status !== 429 || headerOf(answer, WORKSPACE_LIMIT_HEADER) !== 'busy' || retry === WORKSPACE_BUSY_RETRIES) return answer;
    const seconds = Math.min(Math.max(Number(headerOf(answer, 'retry-after')) || 1, 1), 10);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    request.signal?.throwIfAborted();
  }
}

function headerOf(answer: UnrestrictedAnswer, name: string): string | undefined {
  const value = Object.entries(answer.headers).find(([candidate]) => candidate.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(value) ? value[0] : value;
}

async function relayOnce(request: UnrestrictedRequest): Promise<UnrestrictedAnswer> {
  // The query too: a request the learner built with one must arrive with it.
  const { pathname, search } = new URL(request.url);
  const response = await fetch('/api/relay', {
    method: 'POST',
    cache: 'no-store',
    signal: withTimeout(request.signal),
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: request.method, path: `${pathname}${search}`, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) }),
  });
  const answer = (await response.json().catch(() => ({}))) as UnrestrictedAnswer & { error?: string };
  if (!response.ok) throw new Error(`the lab's relay answered ${response.status}: ${answer.error ?? 'no reason given'}`);
  return answer;
}

/**
 * The stage's credential column as an attacker would dump it (`GET /breach`). The exchange is
 * returned too, so the flowchart can light up the leak.
 */
export async function fetchBreach(stage: string): Promise<{ users: BreachUser[]; exchange: ExchangeRecord }> {
  const exchange = await sendRequest({ method: 'GET', path: `/api/stages/${encodeURIComponent(stage)}/breach`, headers: {} });
  if (exchange.response.status !== 200) throw new Error(`GET /breach answered ${exchange.response.status}`);
  const body = exchange.response.json as { users?: unknown } | undefined;
  const users = Array.isArray(body?.users) ? body.users.filter(isBreachUser) : [];
  return { users, exchange };
}

function isBreachUser(value: unknown): value is BreachUser {
  const user = value as Partial<BreachUser> | null;
  return typeof user?.username === 'string' && typeof user.stored === 'string';
}

/**
 * Plants a user hashed at a lower bcrypt cost than the stage's own, as an older release would
 * have stored them (bcrypt stages only; from this machine only). Stage 6 re-hashes it at login.
 */
export async function plantLegacyUser(stage: string, user: { username: string; password: string; cost?: number }): Promise<ExchangeRecord> {
  const exchange = await sendRequest({
    method: 'POST',
    path: `/api/stages/${encodeURIComponent(stage)}/legacy-user`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (exchange.response.status !== 201) {
    const body = exchange.response.json as { error?: unknown } | undefined;
    throw new Error(typeof body?.error === 'string' ? body.error : `POST /legacy-user answered ${exchange.response.status}`);
  }
  return exchange;
}

/**
 * Moves a stage's demo clock forward (jwt and lockout: watch a token expire without waiting).
 * Answers the stage's new offset; `POST /reset` puts the clock back.
 */
export async function advanceStageClock(stage: string, options: { advanceSeconds: number }): Promise<number> {
  const response = await fetch(`/api/stages/${encodeURIComponent(stage)}/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: options.advanceSeconds }),
  });
  const body = (await response.json().catch(() => undefined)) as { clockOffsetSeconds?: unknown; error?: unknown } | undefined;
  if (!response.ok || typeof body?.clockOffsetSeconds !== 'number') {
    throw new Error(typeof body?.error === 'string' ? body.error : `POST /clock answered ${response.status}`);
  }
  return body.clockOffsetSeconds;
}

/**
 * An attack-lab target for one stage of this server, loaded on demand like `checkTarget`. The
 * attacks pass their own AbortSignal (the Stop button); lab calls without one get a timeout.
 */
export async function attackTarget(stage: string): Promise<StageTarget> {
  const { createStageTarget } = await import('@authlab/contract/target');
  return createStageTarget(window.location.origin, stage, { fetch: stageFetch });
}

/** What the labs need of a stage entry: expected attack and check outcomes and the instructor's mistakes. */
export type StageLab = Pick<TargetDescription, 'expectedAttacks' | 'expectedChecks' | 'lab'>;

/** Re-reads one stage entry for its lab state (mistakes switched on, which ones can be). */
export async function fetchStageLab(stage: string): Promise<StageLab> {
  const response = await fetch(`/api/stages/${encodeURIComponent(stage)}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/stages/${stage} answered ${response.status}`);
  // Our own server, whose descriptions its tests hold to the contract's schema.
  const { expectedAttacks, expectedChecks, lab } = (await response.json()) as StageDescription;
  return { expectedAttacks, expectedChecks, lab };
}
