import type { CheckResult } from './check.ts';
import { CHECKS } from './registry.ts';
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
}

/**
 * Runs checks one after another against one target. Never in parallel: each check resets the
 * stage, and timing checks need the server to themselves.
 */
export async function runChecks(target: CheckTarget, options: RunOptions = {}): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const check of CHECKS) {
    if (options.ids && !options.ids.includes(check.id)) continue;
    const result = await check.run(target);
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
  return reports;
}

/** Checks whose verdict differs from the profile: the guard against checks that pass by accident. */
export function mismatches(reports: readonly CheckReport[]): CheckReport[] {
  return reports.filter((report) => report.expected !== undefined && report.expected !== report.status);
}
