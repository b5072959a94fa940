/**
 * `npm run attack -- <attack> --url http://127.0.0.1:8080 --api my-api.yaml`: the attack lab
 * against a learner's own API, in any language, as its description says. Node only: it may run
 * the description's storage command (with --allow-command), and it waits in real time.
 */
import { createDescribedTarget, type ApiDescription, type AttackId } from '@authlab/contract';
import { storageReader } from '@authlab/lab-files';
import type { AttackBudget, AttackProgress } from './attack.ts';
import { getAttack } from './registry.ts';
import type { MatrixCell } from './run.ts';
import { sleep } from './sleep.ts';

export interface OwnApiAttackRun {
  url: string;
  description: ApiDescription;
  /** The description file's folder: the storage command runs there. */
  descriptionDir: string;
  allowCommand: boolean;
  /** The storage command's environment; this process's by default. */
  commandEnv?: NodeJS.ProcessEnv;
  attacks: readonly AttackId[];
  budget?: Partial<AttackBudget>;
  signal?: AbortSignal;
  onProgress?: (attack: AttackId, progress: AttackProgress) => void;
  onCell?: (cell: MatrixCell) => void;
  /** Told before the run waits out a rate limit the previous attack ran into. */
  onWait?: (seconds: number) => void;
}

/** The longest the run waits between two attacks for a rate limit to lift; longer, and the next attack meets the 429. */
const MAX_WAIT_BETWEEN_SECONDS = 120;

/**
 * The most requests the attacks may send to the API in their attack phase: said before the
 * first one. Registering and logging in their own accounts comes on top (a few each).
 */
export function attemptCap(attacks: readonly AttackId[], budget: Partial<AttackBudget> = {}): number {
  return attacks.map(getAttack).reduce((sum, attack) => sum + (attack.offline ? 0 : (budget.maxAttempts ?? attack.defaultBudget.maxAttempts)), 0);
}

/**
 * Runs the attacks one after another against the described API. An attack that breaks becomes a
 * cell with an error. Between attacks the run lets the login rate limit recover, so that no
 * attack is judged by what the one before it spent (see `waitAfter`); the wait happens only
 * before an attack that sends requests.
 */
export async function attackOwnApi(run: OwnApiAttackRun): Promise<MatrixCell[]> {
  const storage = run.description.storage;
  const target = createDescribedTarget(
    run.url,
    run.description,
    storage && run.allowCommand ? { readStored: storageReader(storage.command, run.descriptionDir, run.commandEnv) } : {},
  );
  const name = run.description.name ?? target.baseUrl;
  const cells: MatrixCell[] = [];
  let pendingWaitSeconds = 0;
  for (const id of run.attacks) {
    run.signal?.throwIfAborted();
    const attack = getAttack(id);
    if (pendingWaitSeconds > 0 && !attack.offline) {
      run.onWait?.(pendingWaitSeconds);
      await sleep(pendingWaitSeconds * 1000, run.signal ?? new AbortController().signal);
      pendingWaitSeconds = 0;
    }
    const cell: MatrixCell = { stage: name, attack: id };
    try {
      cell.result = await attack.run(target, {
        ...(run.signal ? { signal: run.signal } : {}),
        ...(run.budget ? { budget: run.budget } : {}),
        onProgress: (progress) => run.onProgress?.(id, progress),
      });
    } catch (error) {
      if (run.signal?.aborted) throw error;
      cell.error = error instanceof Error ? error.message : String(error);
    }
    cells.push(cell);
    run.onCell?.(cell);
    pendingWaitSeconds = Math.max(pendingWaitSeconds, waitAfter(cell, run.description));
  }
  return cells;
}

/**
 * How long the login rate limit needs after this attack: its declared window when the attack sent
 * any attempt, or, undeclared, as long as a 429 it met said (a minute when it did not say).
 */
function waitAfter(cell: MatrixCell, description: ApiDescription): number {
  const attempts = cell.result?.series.attempts ?? [];
  if (attempts.length === 0 || getAttack(cell.attack).offline) return 0;
  const declared = description.known?.rateLimit?.windowSeconds;
  const seconds = declared ?? (attempts.some((point) => point.status === 429) ? (cell.result?.measurements.retryAfterSeconds ?? 60) : 0);
  return Math.min(seconds, MAX_WAIT_BETWEEN_SECONDS);
}
