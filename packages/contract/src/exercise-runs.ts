/**
 * What `npm run challenge` and `npm run mini-project` remember of the learner's own runs: per
 * exercise, where each practice check stands now and whether the learner turned it from fail to
 * pass. The exercise runner writes it, the lab server keeps it in `<data dir>/exercise-runs.json`
 * and serves it (`GET /api/exercises/progress`), the playground shows it. One schema for all
 * three, so a field cannot drift between writer and reader.
 */
import { z } from 'zod';

export const EXERCISES = ['challenge', 'mini-project'] as const;
export type Exercise = (typeof EXERCISES)[number];

const MAX_CHECKS = 64;

const instant = z.iso.datetime();

export const checkRecordSchema = z.strictObject({
  /** A practice check id (`slow-hash`); kept as a string so a renamed check does not void the file. */
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  status: z.enum(['pass', 'fail']),
  /** The first run in which it failed on the learner's code; null if it never has. */
  firstFailedAt: instant.nullable(),
  /** The first run in which it passed after having failed: the learner's own fix. */
  turnedToPassAt: instant.nullable(),
});

export const exerciseRecordSchema = z.strictObject({
  exercise: z.enum(EXERCISES),
  lastRunAt: instant,
  runs: z.number().int().min(1),
  checks: z
    .array(
      checkRecordSchema.refine((check) => check.turnedToPassAt === null || check.firstFailedAt !== null, {
        message: 'a check turned to pass must have failed first',
      }),
    )
    .max(MAX_CHECKS)
    .refine((checks) => new Set(checks.map((check) => check.id)).size === checks.length, 'each check appears once'),
  /** The exercise's own tests (not practice checks), as the last run left them. */
  tests: z
    .strictObject({ passed: z.number().int().min(0), total: z.number().int().min(0) })
    .refine((tests) => tests.passed <= tests.total, 'more tests passed than there are'),
});

export const exerciseRunsSchema = z
  .strictObject({
    version: z.literal(1),
    lastRunAt: instant.nullable(),
    exercises: z.array(exerciseRecordSchema).max(EXERCISES.length),
  })
  .refine((runs) => new Set(runs.exercises.map((entry) => entry.exercise)).size === runs.exercises.length, 'each exercise appears once');

export type CheckRecord = z.infer<typeof checkRecordSchema>;
export type ExerciseRecord = z.infer<typeof exerciseRecordSchema>;
export type ExerciseRuns = z.infer<typeof exerciseRunsSchema>;

export const NO_EXERCISE_RUNS: ExerciseRuns = { version: 1, lastRunAt: null, exercises: [] };

/** `GET /api/exercises/progress`: the runs without the file's version. */
export type ExerciseProgress = Pick<ExerciseRuns, 'lastRunAt' | 'exercises'>;
