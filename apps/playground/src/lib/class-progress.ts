/**
 * What the classroom's progress looks like in words: the verdicts a learner's browser reports
 * after a check run, and each cell of the instructor's table. Pure, so the tests can pin the wording.
 */
import type { CheckId, CheckStatus, LearnerRow, StageProgress } from '@authlab/contract';

/** The report of a check run: the verdict of each check that ran to the end. */
export function verdictsOf(reports: readonly { id: CheckId; status: CheckStatus }[]): Partial<Record<CheckId, CheckStatus>> {
  return Object.fromEntries(reports.map((report) => [report.id, report.status]));
}

/** "9 pass · 5 fail", with n/a only when there is some. */
export function describeStageProgress(progress: StageProgress | undefined): string {
  if (progress === undefined) return 'not run';
  const notApplicable = progress.notApplicable > 0 ? ` · ${progress.notApplicable} n/a` : '';
  return `${progress.pass} pass · ${progress.fail} fail${notApplicable}`;
}

/** Every quiz a learner answered, added up: "7/12 in 3 quizzes". */
export function describeQuizzes(quizzes: LearnerRow['quizzes']): string {
  const scores = Object.values(quizzes).filter((score) => score !== undefined);
  if (scores.length === 0) return 'none yet';
  const correct = scores.reduce((sum, score) => sum + score.correct, 0);
  const total = scores.reduce((sum, score) => sum + score.total, 0);
  return `${correct}/${total} in ${scores.length} ${scores.length === 1 ? 'quiz' : 'quizzes'}`;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * "just now", "4 min ago", "in 23 h": coarse on purpose, the table is read at a glance. `past`
 * marks a moment that has happened: the page's clock may lag the lab's by a few seconds, which
 * must not read as "in under a minute".
 */
export function relativeTime(iso: string, nowMs: number, options: { past?: boolean } = {}): string {
  const thenMs = Date.parse(iso);
  if (Number.isNaN(thenMs)) return 'unknown';
  const differenceMs = options.past === true ? Math.min(thenMs - nowMs, 0) : thenMs - nowMs;
  const distanceMs = Math.abs(differenceMs);
  if (distanceMs < MINUTE_MS) return differenceMs > 0 ? 'in under a minute' : 'just now';
  const amount =
    distanceMs < HOUR_MS
      ? `${Math.floor(distanceMs / MINUTE_MS)} min`
      : distanceMs < DAY_MS
        ? `${Math.floor(distanceMs / HOUR_MS)} h`
        : `${Math.floor(distanceMs / DAY_MS)} d`;
  return differenceMs > 0 ? `in ${amount}` : `${amount} ago`;
}
