/**
 * What `npm run challenge` and `npm run mini-project` remember of the learner's own runs, in
 * `<data dir>/exercise-runs.json`: per exercise, where each practice check stands now and
 * whether the learner turned it from fail to pass. The exercise reporter (lessons/exercises)
 * writes the file; `GET /api/exercises/progress` serves it to the playground. One schema for
 * both sides, so a field cannot drift between writer and reader.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const EXERCISE_RUNS_FILE = 'exercise-runs.json';
export const EXERCISES = ['challenge', 'mini-project'] as const;
export type Exercise = (typeof EXERCISES)[number];

/** Far above what two exercises need; a hand-edited file past it is refused, not parsed. */
const MAX_FILE_BYTES = 256 * 1024;
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

export type ExerciseRunsRead =
  | { kind: 'read'; runs: ExerciseRuns }
  | { kind: 'missing'; runs: ExerciseRuns }
  | { kind: 'invalid'; runs: ExerciseRuns; reason: string };

export function exerciseRunsPath(dataDir: string): string {
  return path.join(dataDir, EXERCISE_RUNS_FILE);
}

/**
 * Reads and validates the file without ever throwing: a missing, oversized, broken or
 * hand-edited file comes back as no runs, with the reason, so neither the exercise run nor the
 * server's route fails on it.
 */
export async function readExerciseRuns(file: string): Promise<ExerciseRunsRead> {
  let text: string;
  try {
    const read = await readSmallRegularFile(file);
    if (typeof read !== 'string') return { kind: 'invalid', runs: NO_EXERCISE_RUNS, reason: read.refused };
    text = read;
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing', runs: NO_EXERCISE_RUNS };
    return { kind: 'invalid', runs: NO_EXERCISE_RUNS, reason: error instanceof Error ? error.message : String(error) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', runs: NO_EXERCISE_RUNS, reason: 'not JSON' };
  }
  const parsed = exerciseRunsSchema.safeParse(value);
  if (!parsed.success) return { kind: 'invalid', runs: NO_EXERCISE_RUNS, reason: firstIssue(parsed.error) };
  return { kind: 'read', runs: parsed.data };
}

/**
 * The file's text, if it is a regular file of at most MAX_FILE_BYTES. Opened once, without
 * blocking (a FIFO put in its place would otherwise hold a thread-pool worker for ever), checked
 * on that handle (no swap between a check and the read), and read no further than the limit
 * (a link to /dev/zero reports size 0 and never ends).
 */
async function readSmallRegularFile(file: string): Promise<string | { refused: string }> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { refused: 'not a regular file' };
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_FILE_BYTES) return { refused: `larger than ${MAX_FILE_BYTES} bytes` };
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

/** One line, for a warning: where the file first goes wrong. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'not an exercise record';
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
