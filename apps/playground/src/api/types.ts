
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
