import type { CheckResult } from './check.ts';
import { CHECKS } from './registry.ts';
import { Probe, RunScope, type TargetPolicy } from './probe.ts';
import type { CheckTarget } from './target.ts';
import type { CheckId, CheckStatus, ExpectedProfile } from './verdict.ts';

export interface CheckReport extends CheckResult {
  id: CheckId;
  title: string;
  hint: string;
  /** What the stage's profile says this check should find; absent when no profile was given. */
  expected?: CheckStatus;
}

export interface RunOptions {
  /** Only these checks; all by default. */
  ids?: readonly CheckId[];
  expected?: ExpectedProfile;
  /** Called as each check finishes, for progress displays. */
  onResult?: (report: CheckReport) => void;
  /** Stops the run after the check in flight; the reports so far are returned. */
  signal?: AbortSignal;
}

/**
 * Runs checks one after another against one target, never two of one stage at once: a check may
 * reset the stage. (Another stage's run may load the machine meanwhile; the timing check pairs
 * its samples so that load hits both sides alike.) The checks share one registered
 * account and, while the stage's published rate limits leave room, the stage between resets
 * (see `RunScope`); a check about counters starts from a fresh stage.
 */
export async function runChecks(target: CheckTarget, options: RunOptions = {}): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  const scope = new RunScope();
  scope.policy = await new Probe(target, scope).policy();
  for (const check of CHECKS) {
    if (options.ids && !options.ids.includes(check.id)) continue;
    if (options.signal?.aborted) break;
    const result = await check.run(target, scope);
    const report: CheckReport = {
      id: check.id,
      title: check.title,
      hint: check.hint,
      ...result,
      ...(options.expected ? { expected: options.expected[check.id] } : {}),
    };
    reports.push(report);
    options.onResult?.(report);
  }
  // Leave the stage at its own time, not in the future a check moved it to, with what the checks
  // left behind (the breach view shows it); a target without a clock reset gets a full one.
  if (scope.clockMoved) await (target.resetClock?.() ?? new Probe(target, scope).reset());
  return reports;
}

/** Checks whose verdict differs from the profile: the guard against checks that pass by accident. */
export function mismatches(reports: readonly CheckReport[]): CheckReport[] {
  return reports.filter((report) => report.expected !== undefined && report.expected !== report.status);
}

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
