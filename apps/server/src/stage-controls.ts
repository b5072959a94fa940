import type { LabClock } from './lab-clock.ts';
import { MISTAKE_IDS, type LabMistakes } from './lab-mistakes.ts';
import type { LabDatabase } from './store/database.ts';

/**
 * A stage's demo controls (its clock's offset, the instructor's mistakes) live in each process's
 * memory, where the stage reads them on every request. When several processes serve the stage,
 * the database holds the truth: each request first brings this process's copy up to date, and a
 * change is made under the stage's lock, on the latest values, and written back, so two
 * instructors' clicks in two processes cannot undo each other.
 */
export interface StageControls {
  /** Brings this process's clock and mistakes up to what the database holds. */
  load(): Promise<void>;
  /** Applies `change` to the latest values and stores the result, as one step. */
  change(change: () => void): Promise<void>;
}

export function createSharedStageControls(database: LabDatabase, stage: string, clock: LabClock, mistakes: LabMistakes): StageControls {
  const readRow = (queries = database.db) => queries.selectFrom('stage_controls').select(['clock_offset_ms', 'mistakes']).where('stage', '=', stage).executeTakeFirst();

  function apply(row: { clock_offset_ms: number; mistakes: string } | undefined): void {
    clock.offsetMs = row?.clock_offset_ms ?? 0;
    const on = new Set(row?.mistakes.split(',') ?? []);
    for (const mistake of MISTAKE_IDS) mistakes.set(mistake, on.has(mistake));
  }

  return {
    load: async () => apply(await readRow()),
    change: (change) =>
      database.lockedTransaction(`controls:${stage}`, async (trx) => {
        apply(await readRow(trx));
        change();
        const values = { clock_offset_ms: clock.offsetMs, mistakes: mistakes.enabled.join(',') };
        await trx
          .insertInto('stage_controls')
          .values({ stage, ...values })
          .onConflict((conflict) => conflict.column('stage').doUpdateSet(values))
          .execute();
      }),
  };
}
