import type { ApiTarget, CheckId, CheckStatus, ExpectedProfile } from '@authlab/contract';
import type { CheckResult } from './check.ts';
import { CHECKS } from './registry.ts';
import { Probe, RunScope } from './probe.ts';

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
  /** Stops the run at once: the check in flight is dropped, and the reports so far are returned. */
  signal?: AbortSignal;
  /** Told at the end how many seconds the run spent waiting out a learner's API's 429s. */
  onWaited?: (seconds: number) => void;
}

/**
 * Runs checks one after another against one target, never two of one stage at once: a check may
 * reset the stage. (Another stage's run may load the machine meanwhile; the timing check pairs
 * its samples so that load hits both sides alike.) The checks share one registered
 * account and, while the stage's published rate limits leave room, the stage between resets
 * (see `RunScope`); a check about counters starts from a fresh stage.
 */
export async function runChecks(target: ApiTarget, options: RunOptions = {}): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  const scope = new RunScope(options.signal);
  // Read without the run's Stop: a stop this early is a run with no reports, not an error.
  scope.policy = await new Probe(target).policy();
  for (const check of CHECKS) {
    if (options.ids && !options.ids.includes(check.id)) continue;
    if (options.signal?.aborted) break;
    const result = await check.run(target, scope);
    // Stopped mid-check: its requests were cut off, so what it found says nothing.
    if (options.signal?.aborted) break;
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
  // Done even after a Stop, so not through the run's scope and its signal.
  if (scope.clockMoved) await (target.resetClock?.() ?? new Probe(target).reset());
  options.onWaited?.(scope.waitedSeconds);
  return reports;
}

/** Checks whose verdict differs from the profile: the guard against checks that pass by accident. */
export function mismatches(reports: readonly CheckReport[]): CheckReport[] {
  return reports.filter((report) => report.expected !== undefined && report.expected !== report.status);
}
