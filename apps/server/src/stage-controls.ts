import type { LabClock } from './lab-clock.ts';
import { MISTAKE_IDS, type LabMistakes } from './lab-mistakes.ts';
import type { LabDatabase } from './store/database.ts';

/**
 * A stage's demo controls (its clock's offset, the instructor's mistakes) live in each process's
 * memory, where the stage reads them on every request. When several processes serve the stage,
 * the database holds the truth: each request first brings this process's copy up to date, and a
 * change is made under the stage's lock, on the latest values, and written back, so two
 * instructors' clicks in two processes cannot undo each other.
 *
 * The row also counts the stage's resets. What a process counted in its own memory (the
 * memory-rate-limit mistake's limits and lockouts) is that process's alone, so a reset made at
 * another one reaches it as a new count, read before its next request, never as a message that
 * could arrive after that request.
 */
export interface StageControls {
  /** Brings this process's clock and mistakes up to what the database holds, and forgets its memory's counts after a reset elsewhere. */
  load(): Promise<void>;
  /** Applies `change` to the latest values and stores the result, as one step. */
  change(change: () => void): Promise<void>;
  /** Like change, and counts a reset, so that every other process forgets its memory's counts before its next request. */
  reset(forget: () => void): Promise<void>;
}

type ControlsRow = { clock_offset_ms: number; mistakes: string; resets: number };

export function createSharedStageControls(
  database: LabDatabase,
  stage: string,
  lab: { clock: LabClock; mistakes: LabMistakes; forgetProcessMemory: () => void },
): StageControls {
  const { clock, mistakes } = lab;
  const readRow = (queries = database.db) =>
    queries.selectFrom('stage_controls').select(['clock_offset_ms', 'mistakes', 'resets']).where('stage', '=', stage).executeTakeFirst();
  /** The reset count this process last forgot its memory for. */
  let seenResets = 0;

  function apply(row: ControlsRow | undefined): void {
    clock.offsetMs = row?.clock_offset_ms ?? 0;
    const on = new Set(row?.mistakes.split(',') ?? []);
    for (const mistake of MISTAKE_IDS) mistakes.set(mistake, on.has(mistake));
    // A workspace reset by the instructor loses its row, and the count starts again from 0.
    const resets = row?.resets ?? 0;
    if (resets !== seenResets) {
      seenResets = resets;
      lab.forgetProcessMemory();
    }
  }

  const write = (reset: boolean) => (change: () => void) =>
    database.lockedTransaction(`controls:${stage}`, async (trx) => {
      const row = await readRow(trx);
      apply(row);
      change();
      const values = { clock_offset_ms: clock.offsetMs, mistakes: mistakes.enabled.join(',') };
      const resets = (row?.resets ?? 0) + (reset ? 1 : 0);
      // This process forgets its own memory in `change`; it must not forget again at its next load.
      if (reset) seenResets = resets;
      await trx
        .insertInto('stage_controls')
        .values({ stage, ...values, resets })
        .onConflict((conflict) => conflict.column('stage').doUpdateSet({ ...values, resets }))
        .execute();
    });

  return {
    load: async () => apply(await readRow()),
    change: write(false),
    reset: write(true),
  };
}
