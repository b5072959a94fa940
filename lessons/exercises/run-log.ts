/**
 * Appends one run of the learner's starter to `<data dir>/exercise-runs.json`, where the lab
 * server reads it for the playground's progress menu. Recording is a side job of the run: any
 * trouble with the file (hand-edited, broken, unwritable) is a warning, never a failed run.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exerciseRunsSchema } from '@authlab/contract';
import { readExerciseRuns } from '@authlab/lab-files';
import { recordRun, type ExerciseRun } from './run-record.ts';

export interface RunLogOptions {
  /** The record file, `exerciseRunsPath(dataDir)`. */
  file: string;
  now?: () => Date;
  warn?: (message: string) => void;
}

export async function logExerciseRun(run: ExerciseRun, options: RunLogOptions): Promise<void> {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const read = await readExerciseRuns(options.file);
  if (read.kind === 'invalid') warn(`${options.file} could not be read (${read.reason}); starting a fresh record of your runs.`);
  const next = recordRun(read.runs, run, (options.now ?? (() => new Date()))());
  if (next === read.runs) return;
  // A temporary file renamed over the record: the server, reading at any moment, sees the old
  // record or the new one, never half of one. Two exercises saved in the same instant could
  // still each miss the other's run; a lost run costs less than a lock file left behind.
  const temporary = `${options.file}.${randomUUID()}.tmp`;
  try {
    const text = `${JSON.stringify(exerciseRunsSchema.parse(next), null, 2)}\n`;
    await mkdir(path.dirname(options.file), { recursive: true });
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, options.file);
  } catch (error) {
    // Cleaning up can fail as the write did (the data directory is a file, say): still a warning.
    await rm(temporary, { force: true }).catch(() => undefined);
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    warn(`Could not record this run in ${options.file}: ${reason}`);
  }
}
