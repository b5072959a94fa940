/**
 * The only module that talks to the server. Everything is same-origin (`/api/...`), in
 * production (served by the lesson server) and in development (Vite proxies /api).
 */
import type { ApiTarget, ExerciseProgress, StageDescription, StageTarget, TargetDescription, UnrestrictedAnswer, UnrestrictedRequest } from '@authlab/contract';
import type { BreachUser } from '../lib/breach.ts';
import type { ExchangeRecord, RequestSpec } from './types.ts';

let nextExchangeId = 1;

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
  const answer = goesThroughRelay(spec)
    ? await relay({ method: spec.method, url: new URL(spec.path, window.location.origin).href, headers: spec.headers, ...(body === undefined ? {} : { body }) }, fetch)
    : await fetch(spec.path, { method: spec.method, headers: spec.headers, body, credentials: 'omit', cache: 'no-store' }).then(readAnswer);
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

/**
 * A practice-check target for one stage of this server. Async so that the target and its
 * description schema are loaded only when checks run, not with the first page.
 */
/** The run's Stop, if any, and a timeout either way: a request that hangs fails its check or attack instead of stalling the run. */
function withTimeout(stop: AbortSignal | null | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(CHECK_REQUEST_TIMEOUT_MS);
  return stop ? AbortSignal.any([stop, timeout]) : timeout;
}

export async function checkTarget(stage: string): Promise<ApiTarget> {
  const { createStageTarget } = await import('@authlab/contract/target');
  const checkFetch: typeof fetch = (input, init) =>
    fetch(input, {
      ...init,
      // Without 'omit', a 401 with `WWW-Authenticate: Basic` (stage 4) makes the browser open its own
      // login dialog and the check waits on it forever.
      credentials: 'omit',
      cache: 'no-store',
      signal: withTimeout(init?.signal),
    });
  return { ...createStageTarget(window.location.origin, stage, { fetch: checkFetch }), sendUnrestricted: (request) => relay(request, checkFetch) };
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

/**
 * The cookie checks must send what only another site's page would make a browser send (Cookie,
 * Origin, Sec-Fetch-Site) and read Set-Cookie, which a page may do neither of: the lab server
 * sends such requests to its own stages for us (`POST /api/relay`, this machine only).
 */
async function relay(request: UnrestrictedRequest, checkFetch: typeof fetch): Promise<UnrestrictedAnswer> {
  const { pathname } = new URL(request.url);
  const response = await checkFetch('/api/relay', {
    method: 'POST',
    ...(request.signal ? { signal: request.signal } : {}),
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: request.method, path: pathname, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) }),
  });
  const answer = (await response.json()) as UnrestrictedAnswer & { error?: string };
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
  return createStageTarget(window.location.origin, stage, {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        // Stage 4 answers 401 with `WWW-Authenticate: Basic`; without 'omit' the browser would prompt.
        credentials: 'omit',
        cache: 'no-store',
        signal: withTimeout(init?.signal),
      }),
  });
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
