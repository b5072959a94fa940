import type { TargetPolicy } from './stage-description.ts';

/** Running the stages of a score board or an attack matrix side by side. */

/**
 * Stages the score board runs side by side. Stages keep separate users, counters and clocks, so
 * one run should not change another's verdicts, and a lesson server hashes on more than one core:
 * on two cores, two lanes cut the wait by about a third (see docs/benchmarks.md). More would only
 * queue for the same cores.
 */
export const STAGE_LANES = 2;

/**
 * Calls `work` on each item with at most `lanes` in flight, taking items in order as lanes free
 * up. Stops taking new items once `signal` is aborted; what is in flight finishes. If `work`
 * throws, its lane stops, and the error is thrown once every other lane has stopped too, so
 * nothing is still running when the caller hears of it.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  // One iterator for all lanes: each takes the next item the moment it is free.
  const queue = items.values();
  const lane = async (): Promise<void> => {
    for (let step = queue.next(); !step.done && !signal?.aborted; step = queue.next()) await work(step.value);
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
}

/**
 * The order in which to start stages, the longest wait first (so that the lanes finish together
 * instead of one long stage running alone at the end): a lockout or rate limit means the most
 * password hashes, then a slow password hash, then the rest. Stable within each group.
 */
export function longestFirst<T extends { policy?: TargetPolicy }>(stages: readonly T[]): T[] {
  const weight = ({ policy }: T): number => {
    if (policy?.lockout || policy?.rateLimit) return 2;
    return policy?.passwordStorage?.cost ? 1 : 0;
  };
  return [...stages].sort((a, b) => weight(b) - weight(a));
}
