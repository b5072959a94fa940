import { type AttackId, type AttackOutcome, inLanes, type StageTarget } from '@authlab/contract';
import type { Attack, AttackBudget, AttackProgress, AttackResult } from './attack.ts';
import { GuessRateCache } from './guess-rates.ts';
import { ATTACKS } from './registry.ts';

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
  /**
   * How many stages are attacked at once in the busy phase (default 2: the lab machine's two
   * cores, as the server hashes on its thread pool). Attacks that need a quiet machine always
   * run one at a time afterwards.
   */
  lanes?: number;
  /** Progress inside a cell that is running (cells of different stages may interleave). */
  onProgress?: (cell: Pick<MatrixCell, 'stage' | 'attack'>, progress: AttackProgress) => void;
  /** Called as each cell finishes, for a live grid; cells finish out of grid order. */
  onCell?: (cell: MatrixCell) => void;
}

const DEFAULT_LANES = 2;

interface PlannedCell {
  target: StageTarget;
  attack: Attack;
  cell: MatrixCell;
}

/**
 * Runs every attack against every target and returns the cells in grid order (target by target,
 * attack by attack). Two phases:
 * - busy: stages in `lanes` parallel lanes, each stage's attacks one after another (each resets
 *   its stage; stages share no users, counters or limits), the quiet-machine attacks left out;
 * - quiet: the attacks that measure time on this machine (timing, a parallel burst, cracking
 *   speed), one at a time, with nothing else running.
 * Guess rates for breach-crack are measured once and shared by every stage. An attack that
 * breaks becomes a cell with an error; aborting stops the whole run.
 */
export async function runMatrix(targets: readonly StageTarget[], options: MatrixOptions = {}): Promise<MatrixCell[]> {
  const planned: PlannedCell[][] = [];
  for (const target of targets) {
    options.signal?.throwIfAborted();
    const expectations = (await target.describe()).expectedAttacks;
    const attacks = ATTACKS.filter((attack) => !options.attacks || options.attacks.includes(attack.id));
    planned.push(
      attacks.map((attack) => {
        const expected = expectations?.[attack.id];
        return { target, attack, cell: { stage: target.stage, attack: attack.id, ...(expected === undefined ? {} : { expected }) } };
      }),
    );
  }
  const guessRates = new GuessRateCache();
  const run = (planned: PlannedCell): Promise<void> => runCell(planned, guessRates, options);

  const busy = planned.map((stage) => stage.filter(({ attack }) => !attack.needsQuietMachine));
  // When one lane fails (an abort), inLanes waits for the other to stop before the run ends.
  await inLanes(busy, options.lanes ?? DEFAULT_LANES, async (stage) => {
    for (const cell of stage) await run(cell);
  });

  for (const stage of planned) {
    for (const cell of stage) if (cell.attack.needsQuietMachine) await run(cell);
  }
  return planned.flat().map(({ cell }) => cell);
}

async function runCell({ target, attack, cell }: PlannedCell, guessRates: GuessRateCache, options: MatrixOptions): Promise<void> {
  options.signal?.throwIfAborted();
  const where = { stage: cell.stage, attack: cell.attack };
  try {
    cell.result = await attack.run(target, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      guessRates,
      onProgress: (progress) => options.onProgress?.(where, progress),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    cell.error = error instanceof Error ? error.message : String(error);
  }
  options.onCell?.(cell);
}

/** Cells whose outcome differs from what the stage expects (an error always differs). */
export function mismatches(cells: readonly MatrixCell[]): MatrixCell[] {
  return cells.filter((cell) => cell.expected !== undefined && (cell.error !== undefined || cell.result?.status !== cell.expected));
}
