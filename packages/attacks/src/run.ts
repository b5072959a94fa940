import type { AttackBudget, AttackProgress, AttackResult } from './attack.ts';
import type { AttackId, AttackOutcome } from './outcome.ts';
import { ATTACKS } from './registry.ts';
import type { AttackTarget } from './target.ts';

/** One cell of the replay matrix: one attack against one stage. */
export interface MatrixCell {
  stage: string;
  attack: AttackId;
  /** What the stage says the attack should achieve; absent when it publishes no expectation. */
  expected?: AttackOutcome;
  result?: AttackResult;
  /** Set when the attack could not finish, e.g. the stage answered something unexpected. */
  error?: string;
}

export interface MatrixOptions {
  /** Only these attacks; all by default. */
  attacks?: readonly AttackId[];
  signal?: AbortSignal;
  budget?: Partial<AttackBudget>;
  /** Progress inside the cell that is running. */
  onProgress?: (cell: Pick<MatrixCell, 'stage' | 'attack'>, progress: AttackProgress) => void;
  /** Called as each cell finishes, for a live grid. */
  onCell?: (cell: MatrixCell) => void;
}

/**
 * Runs every attack against every target, one at a time: each attack resets its stage, and the
 * timing attack needs the server to itself. An attack that breaks becomes a cell with an error;
 * aborting stops the whole run.
 */
export async function runMatrix(targets: readonly AttackTarget[], options: MatrixOptions = {}): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const target of targets) {
    const expectations = (await target.describe()).expectedAttacks;
    for (const attack of ATTACKS) {
      if (options.attacks && !options.attacks.includes(attack.id)) continue;
      options.signal?.throwIfAborted();
      const where = { stage: target.stage, attack: attack.id };
      const expected = expectations?.[attack.id];
      const cell: MatrixCell = { ...where, ...(expected === undefined ? {} : { expected }) };
      try {
        cell.result = await attack.run(target, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.budget ? { budget: options.budget } : {}),
          onProgress: (progress) => options.onProgress?.(where, progress),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        cell.error = error instanceof Error ? error.message : String(error);
      }
      cells.push(cell);
      options.onCell?.(cell);
    }
  }
  return cells;
}

/** Cells whose outcome differs from what the stage expects (an error always differs). */
export function mismatches(cells: readonly MatrixCell[]): MatrixCell[] {
  return cells.filter((cell) => cell.expected !== undefined && (cell.error !== undefined || cell.result?.outcome !== cell.expected));
}
