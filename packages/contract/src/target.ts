import { z } from 'zod';
import type { ApiDescription } from './api-description.ts';
import { targetDescriptionSchema, type TargetDescription } from './stage-description.ts';
import { WORKSPACE_HEADER, WORKSPACE_LIMIT_HEADER } from './classroom.ts';

/**
 * Where a practice check or an attack points: one login API, e.g. an AuthLab stage at
 * `http://127.0.0.1:3000/api/stages/jwt` or a learner's exercise.
 */
export interface ApiTarget {
  /** Base URL of the stage; routes such as `/register` are appended to it. */
  baseUrl: string;
  /** Moves the target's clock forward, to show what happens to a token after its lifetime. */
  advanceClock(seconds: number): Promise<void>;
  /** Puts the target's clock back to its own time, keeping everything else; without it, a reset does. */
  resetClock?: () => Promise<void>;
  /** Defaults to the global fetch (browser or Node). */
  fetch?: typeof fetch;
  /**
   * Sends a request with headers a web page may not set (`Cookie`, `Origin`, `Sec-Fetch-Site`)
   * and returns every answer header, `Set-Cookie` included. Outside a browser, fetch does this
   * itself; a browser page needs a helper such as the lab's `/api/relay`. Without either, the
   * checks that need it answer n/a.
   */
  sendUnrestricted?: (request: UnrestrictedRequest) => Promise<UnrestrictedAnswer>;
  /**
   * Clears the stage before a check. Without it a check sends `POST /reset`; the lab's target
   * adds to that, switching the instructor's mistakes back on (see `createStageTarget`).
   */
  reset?: () => Promise<void>;
  /**
   * A learner's own API, as its description says. Without one the target speaks an AuthLab
   * stage's routes and has the lab's routes around them: `/reset`, `/clock`, `/breach`.
   */
  description?: ApiDescription;
  /**
   * What a described API stored, username → stored credential, read by its `storage.command`.
   * Only given when the learner allowed the command to run (`--allow-command`).
   */
  readStored?: () => Promise<ReadonlyMap<string, string>>;
}

export interface UnrestrictedRequest {
  method: string;
  /** The run's Stop: a relay must give up on the request when it aborts. */
  signal?: AbortSignal;
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

/** One stage of the AuthLab lesson server, with the lab routes around it. */
export interface StageTarget extends ApiTarget {
  stage: string;
  /** Reads the stage's description; throws when the URL is not an AuthLab stage. */
  describe(): Promise<TargetDescription>;
  /**
   * `POST /reset` wipes users, sessions, counters and the demo clock, and switches instructor
   * mistakes off. Checks and attacks must show the stage the class is looking at, so the
   * mistakes that were on are switched back on.
   */
  reset(): Promise<void>;
  resetClock(): Promise<void>;
  /** Switches one named instructor mistake on or off; returns the mistakes now on. Loopback only. */
  setMistake(mistake: string, enabled: boolean): Promise<string[]>;
}

export interface StageTargetOptions {
  /** Defaults to the global fetch (browser or Node). */
  fetch?: typeof fetch;
  /** A classroom server's workspace token: every request carries it, so the stage is the learner's own. */
  workspaceToken?: string;
}

/** A classroom's "slow down" is waited out this many times before it is handed to the check or attack. */
const WORKSPACE_BUSY_RETRIES = 5;

/**
 * `fetchImpl` with the workspace header added to every request (a classroom learner's terminal).
 * A 429 from the classroom's fair share (not the stage's own limiter, which the checks and
 * attacks must see) is waited out and the request sent again.
 */
export function fetchInWorkspace(fetchImpl: typeof fetch, token: string): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set(WORKSPACE_HEADER, token);
    for (let retry = 0; ; retry++) {
      const response = await fetchImpl(input, { ...init, headers });
      if (response.status !== 429 || response.headers.get(WORKSPACE_LIMIT_HEADER) !== 'busy' || retry === WORKSPACE_BUSY_RETRIES) return response;
      await response.body?.cancel();
      const seconds = Math.min(Math.max(Number(response.headers.get('retry-after')) || 1, 1), 10);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      init?.signal?.throwIfAborted();
    }
  };
}

/** Targets `<serverUrl>/api/stages/<stage>`, e.g. `createStageTarget('http://127.0.0.1:3000', 'jwt')`. */
export function createStageTarget(serverUrl: string, stage: string, options: StageTargetOptions = {}): StageTarget {
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const fetchImpl = options.workspaceToken === undefined ? baseFetch : fetchInWorkspace(baseFetch, options.workspaceToken);
  const baseUrl = `${serverUrl.replace(/\/+$/, '')}/api/stages/${encodeURIComponent(stage)}`;
  const post = (path: string, body?: unknown): Promise<Response> =>
    fetchImpl(`${baseUrl}${path}`, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });

  async function describe(): Promise<TargetDescription> {
    const response = await fetchImpl(baseUrl);
    const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
    const description = targetDescriptionSchema.safeParse(body);
    if (!description.success || description.data.id !== stage) throw new Error(`${baseUrl} is not an AuthLab stage`);
    return description.data;
  }

  async function setMistake(mistake: string, enabled: boolean): Promise<string[]> {
    const response = await post('/mistakes', { mistake, enabled });
    const body: unknown = await response.json().catch(() => undefined);
    const answer = z
      .object({ mistakes: z.array(z.string()).optional(), error: z.string().optional() })
      .catch({})
      .parse(body);
    if (!response.ok) throw new Error(`could not switch ${mistake}: ${answer.error ?? `HTTP ${response.status}`}`);
    return answer.mistakes ?? [];
  }

  return {
    stage,
    baseUrl,
    fetch: fetchImpl,
    describe,
    setMistake,
    async reset() {
      const { mistakes } = (await describe()).lab;
      const reset = await post('/reset');
      if (!reset.ok) throw new Error(`POST /reset answered ${reset.status}`);
      for (const mistake of mistakes) await setMistake(mistake, true);
    },
    async advanceClock(seconds) {
      const response = await post('/clock', { advanceSeconds: seconds });
      if (!response.ok) throw new Error(`could not move the demo clock: HTTP ${response.status}`);
    },
    async resetClock() {
      const response = await post('/clock', { reset: true });
      if (!response.ok) throw new Error(`could not put the demo clock back: HTTP ${response.status}`);
    },
  };
}

/** The longest a learner's API may take to answer one request (a bcrypt stage at cost 14 answers in about a second). */
const DESCRIBED_REQUEST_TIMEOUT_MS = 30_000;

/** A target known only by its description: a learner's own API, with no lab routes. */
export interface DescribedTarget extends ApiTarget {
  description: ApiDescription;
}

export interface DescribedTargetOptions {
  fetch?: typeof fetch;
  /** Each request's deadline; 30 s by default. */
  timeoutMs?: number;
  readStored?: () => Promise<ReadonlyMap<string, string>>;
}

/**
 * A learner's own API at `baseUrl`, spoken as `description` says. It has no lab routes: no
 * reset, so the checks use fresh accounts for every probe, and no demo clock to move.
 */
export function createDescribedTarget(baseUrl: string, description: ApiDescription, options: DescribedTargetOptions = {}): DescribedTarget {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    description,
    // An API that never answers must not hang the run: each request gets its own deadline. A
    // redirect is an answer to show, never followed: it could lead off the machine the learner allowed.
    fetch: (input, init = {}) => {
      const deadline = AbortSignal.timeout(options.timeoutMs ?? DESCRIBED_REQUEST_TIMEOUT_MS);
      return fetchImpl(input, { ...init, redirect: 'manual', signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    },
    ...(options.readStored ? { readStored: options.readStored } : {}),
    advanceClock: () => Promise.reject(new Error('your own API has no demo clock to move')),
  };
}
