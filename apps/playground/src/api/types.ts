import type { ExpectedProfile } from '@authlab/checks';

/** A stage as `GET /api/stages` describes it. */
export interface StageEntry {
  id: string;
  order: number;
  title: string;
  summary: string;
  policy: StagePolicy;
  expectedChecks: ExpectedProfile;
  lab: { clockOffsetSeconds: number };
}

export interface StagePolicy {
  passwordStorage: { scheme: 'plain' | 'sha256' | 'bcrypt'; salted: boolean; cost: number | null };
  authentication: 'session-token' | 'basic' | 'jwt';
  accessToken: { kind: 'opaque' | 'jwt'; ttlSeconds: number | null; algorithm: string | null } | null;
  /** `familyLifetimeSeconds`: how long one login's chain of rotated refresh tokens may live in all. */
  refreshToken: { singleUse: boolean; ttlSeconds: number; familyLifetimeSeconds: number } | null;
  /** The session cookie of `/cookie/login` (stages 5 and 6) and what guards its routes. */
  cookieSession: {
    cookieName: string;
    httpOnly: boolean;
    secure: boolean;
    sameSite: 'Strict' | 'Lax' | 'None';
    csrfDefence: 'none' | 'fetch-metadata';
    ttlSeconds: number;
  } | null;
  loginErrors: 'distinct' | 'generic';
  equalTiming: boolean;
  /** Each further lock in a run lasts twice as long as the one before, from `lockSeconds` up to `maxLockSeconds`. */
  lockout: { maxFailures: number; windowSeconds: number; lockSeconds: number; maxLockSeconds: number; growth: 'doubling' } | null;
  rateLimit: { scope: string; route: string; limit: number; windowSeconds: number } | null;
  registrationRateLimit: { scope: string; route: string; limit: number; windowSeconds: number } | null;
  passwordPolicy: {
    minLength: number;
    maxBytes: number;
    normalization: 'NFC';
    blocklistSize: number;
    commonWordsSize: number;
    serviceName: string;
    usernameCheckMinLength: number;
  } | null;
}

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

/**
 * `GET /api/exercises/progress`: the learner's own runs of `npm run challenge` and
 * `npm run mini-project`. The server validates the file against its zod schema
 * (apps/server/src/exercise-runs.ts, `ExerciseRecord`) before serving it; this is that shape,
 * held to the schema by a type test (apps/server/test/exercise-progress.test.ts).
 */
export interface ExerciseProgress {
  lastRunAt: string | null;
  exercises: ExerciseRunRecord[];
}

export interface ExerciseRunRecord {
  exercise: 'challenge' | 'mini-project';
  lastRunAt: string;
  runs: number;
  checks: {
    id: string;
    status: 'pass' | 'fail';
    firstFailedAt: string | null;
    /** The first run in which the check passed after having failed: the learner's fix. */
    turnedToPassAt: string | null;
  }[];
  tests: { passed: number; total: number };
}
