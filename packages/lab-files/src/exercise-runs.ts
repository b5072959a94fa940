/**
 * The record of the learner's exercise runs on disk, `<data dir>/exercise-runs.json`: read
 * defensively by the lab server on every request and by the exercise runner before it appends.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { NO_EXERCISE_RUNS, exerciseRunsSchema, type ExerciseRuns } from '@authlab/contract';
import type { z } from 'zod';

const EXERCISE_RUNS_FILE = 'exercise-runs.json';

/** Far above what two exercises need; a hand-edited file past it is refused, not parsed. */
const MAX_FILE_BYTES = 256 * 1024;

export type ExerciseRunsRead = { kind: 'read'; runs: ExerciseRuns } | { kind: 'missing'; runs: ExerciseRuns } | { kind: 'invalid'; runs: ExerciseRuns; reason: string };

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
