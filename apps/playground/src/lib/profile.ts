/**
 * Comparing what the checks found with what each lesson claims (the stage's expected profile).
 * Pure: the score board and the checks panel render what these functions return.
 */
import type { CheckId, CheckStatus, ExpectedProfile } from '@authlab/contract';

/** The part of a check report the comparison needs. */
export interface Verdict {
  id: CheckId;
  status: CheckStatus;
  expected?: CheckStatus;
}

export interface CheckInfo {
  id: CheckId;
  title: string;
}

export interface StageProfile {
  id: string;
  expectedChecks: ExpectedProfile;
  /** The expectations with the instructor's mistakes named (see `expectationsOf`); the profile alone otherwise. */
  expectations?: Readonly<Record<CheckId, Expectation>>;
}

/** What a check should find on a stage right now, and who says so. */
export interface Expectation {
  status: CheckStatus;
  /** The instructor mistake (its title) that predicts this verdict; absent when it is the lesson's claim. */
  mistake?: string;
}

/** The parts of a stage's lab state that decide its expectations. */
export interface MistakeState {
  mistakes: readonly string[];
  availableMistakes: readonly { id: string; title: string; checkEffects?: Partial<Record<CheckId, CheckStatus>> }[];
}

/**
 * Every check's expectation: the verdict a mistake that is on predicts, else the stage's profile.
 * The server's profile already has the mistakes applied; naming the mistake lets the page say why
 * a hardened stage is expected to fail.
 */
export function expectationsOf(expected: ExpectedProfile, lab: MistakeState | undefined): Record<CheckId, Expectation> {
  const predicted = new Map<CheckId, Expectation>();
  for (const id of lab?.mistakes ?? []) {
    const mistake = lab?.availableMistakes.find((candidate) => candidate.id === id);
    for (const [check, status] of Object.entries(mistake?.checkEffects ?? {}) as [CheckId, CheckStatus][]) {
      predicted.set(check, { status, mistake: mistake?.title ?? id });
    }
  }
  const entries = (Object.keys(expected) as CheckId[]).map((check) => [check, predicted.get(check) ?? { status: expected[check] }] as const);
  return Object.fromEntries(entries) as Record<CheckId, Expectation>;
}

/** `pending`: not run yet; `as-expected`: the lesson's claim holds; `unexpected`: it does not. */
export type Agreement = 'pending' | 'as-expected' | 'unexpected';

export interface MatrixCell {
  stage: string;
  check: CheckId;
  expected: CheckStatus | undefined;
  /** The instructor mistake that predicts `expected`, when one does. */
  mistake?: string;
  actual: CheckStatus | undefined;
  agreement: Agreement;
}

export interface MatrixRow {
  check: CheckInfo;
  cells: MatrixCell[];
}

export interface Tally {
  /** Verdicts on the board (or reports in the run). */
  total: number;
  ran: number;
  asExpected: number;
  unexpected: number;
}

export function agreementOf(expected: CheckStatus | undefined, actual: CheckStatus | undefined): Agreement {
  if (actual === undefined) return 'pending';
  return expected === undefined || expected === actual ? 'as-expected' : 'unexpected';
}

/** Checks down, stages across; a stage without results yet shows its expected profile. */
export function buildMatrix(checks: readonly CheckInfo[], stages: readonly StageProfile[], results: Readonly<Record<string, readonly Verdict[] | undefined>>): MatrixRow[] {
  return checks.map((check) => ({
    check,
    cells: stages.map((stage) => {
      const expectation = stage.expectations?.[check.id];
      const expected = expectation?.status ?? stage.expectedChecks[check.id];
      const actual = results[stage.id]?.find((verdict) => verdict.id === check.id)?.status;
      const mistake = expectation?.mistake;
      return { stage: stage.id, check: check.id, expected, ...(mistake ? { mistake } : {}), actual, agreement: agreementOf(expected, actual) };
    }),
  }));
}

function tallyCells(cells: readonly { agreement: Agreement }[]): Tally {
  return {
    total: cells.length,
    ran: cells.filter((cell) => cell.agreement !== 'pending').length,
    asExpected: cells.filter((cell) => cell.agreement === 'as-expected').length,
    unexpected: cells.filter((cell) => cell.agreement === 'unexpected').length,
  };
}

/** The whole board, or one stage's column when `stage` is given. */
export function tallyMatrix(rows: readonly MatrixRow[], options: { stage?: string } = {}): Tally {
  const cells = rows.flatMap((row) => row.cells);
  return tallyCells(options.stage === undefined ? cells : cells.filter((cell) => cell.stage === options.stage));
}

/** One stage's reports, compared with the profile each report carries. */
export function tallyReports(reports: readonly Verdict[]): Tally & Record<CheckStatus, number> {
  const cells = reports.map((report) => ({ agreement: agreementOf(report.expected, report.status) }));
  const count = (status: CheckStatus): number => reports.filter((report) => report.status === status).length;
  return { ...tallyCells(cells), pass: count('pass'), fail: count('fail'), 'n/a': count('n/a') };
}

/** "84/84 as expected", or how far a run has got and what disagrees so far. */
export function describeTally(tally: Tally): string {
  if (tally.ran === 0) return `Not run yet: ${tally.total} verdicts to prove`;
  const progress = tally.ran < tally.total ? `${tally.ran}/${tally.total} run · ` : '';
  const verdict = `${tally.asExpected}/${tally.ran} as expected`;
  return tally.unexpected === 0 ? `${progress}${verdict}` : `${progress}${verdict} · ${tally.unexpected} differ from the lesson`;
}
