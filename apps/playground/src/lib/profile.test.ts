import { CHECK_IDS, type CheckId, type CheckStatus, type ExpectedProfile } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { agreementOf, buildMatrix, describeTally, expectationsOf, tallyMatrix, tallyReports, type CheckInfo, type StageProfile, type Verdict } from './profile.ts';

const CHECKS: CheckInfo[] = CHECK_IDS.map((id) => ({ id, title: `title of ${id}` }));

function profile(status: CheckStatus, overrides: Partial<Record<CheckId, CheckStatus>> = {}): ExpectedProfile {
  return { ...(Object.fromEntries(CHECK_IDS.map((id) => [id, status])) as Record<CheckId, CheckStatus>), ...overrides };
}

/** Reports exactly as the profile claims, except where `differences` says otherwise. */
function reportsFor(stage: StageProfile, differences: Partial<Record<CheckId, CheckStatus>> = {}): Verdict[] {
  return CHECK_IDS.map((id) => ({ id, status: differences[id] ?? stage.expectedChecks[id], expected: stage.expectedChecks[id] }));
}

const plaintext: StageProfile = { id: 'plaintext', expectedChecks: profile('fail', { 'alg-none-rejected': 'n/a' }) };
const lockout: StageProfile = { id: 'lockout', expectedChecks: profile('pass') };

describe('agreementOf', () => {
  it('is pending until the check has run', () => {
    expect(agreementOf('pass', undefined)).toBe('pending');
  });

  it('compares the verdict with the claim', () => {
    expect(agreementOf('fail', 'fail')).toBe('as-expected');
    expect(agreementOf('n/a', 'n/a')).toBe('as-expected');
    expect(agreementOf('fail', 'pass')).toBe('unexpected');
  });

  it('has nothing to disagree with when there is no claim', () => {
    expect(agreementOf(undefined, 'pass')).toBe('as-expected');
  });
});

describe('buildMatrix', () => {
  it('has one row per check in order and one cell per stage in order', () => {
    const rows = buildMatrix(CHECKS, [plaintext, lockout], {});
    expect(rows.map((row) => row.check.id)).toEqual([...CHECK_IDS]);
    expect(rows[0]?.cells.map((cell) => cell.stage)).toEqual(['plaintext', 'lockout']);
  });

  it('shows the expected profile before anything has run', () => {
    const rows = buildMatrix(CHECKS, [plaintext], {});
    const cell = rows.find((row) => row.check.id === 'alg-none-rejected')?.cells[0];
    expect(cell).toEqual({ stage: 'plaintext', check: 'alg-none-rejected', expected: 'n/a', actual: undefined, agreement: 'pending' });
  });

  it('marks each verdict that differs from the lesson', () => {
    const results = { plaintext: reportsFor(plaintext, { 'salted-hash': 'pass' }) };
    const cells = buildMatrix(CHECKS, [plaintext, lockout], results).flatMap((row) => row.cells);
    const unexpected = cells.filter((cell) => cell.agreement === 'unexpected');
    expect(unexpected).toEqual([{ stage: 'plaintext', check: 'salted-hash', expected: 'fail', actual: 'pass', agreement: 'unexpected' }]);
    expect(cells.filter((cell) => cell.stage === 'lockout').every((cell) => cell.agreement === 'pending')).toBe(true);
  });

  it('fills a column as a run reports check by check', () => {
    const partial = reportsFor(lockout).slice(0, 5);
    const rows = buildMatrix(CHECKS, [lockout], { lockout: partial });
    expect(tallyMatrix(rows)).toEqual({ total: 16, ran: 5, asExpected: 5, unexpected: 0 });
  });
});

describe('tallyMatrix', () => {
  it('counts the whole board when every stage behaves as its lesson claims', () => {
    const rows = buildMatrix(CHECKS, [plaintext, lockout], { plaintext: reportsFor(plaintext), lockout: reportsFor(lockout) });
    expect(tallyMatrix(rows)).toEqual({ total: 32, ran: 32, asExpected: 32, unexpected: 0 });
  });

  it('counts one column on its own', () => {
    const rows = buildMatrix(CHECKS, [plaintext, lockout], { lockout: reportsFor(lockout, { 'equal-timing': 'fail' }) });
    expect(tallyMatrix(rows, { stage: 'lockout' })).toEqual({ total: 16, ran: 16, asExpected: 15, unexpected: 1 });
    expect(tallyMatrix(rows, { stage: 'plaintext' })).toEqual({ total: 16, ran: 0, asExpected: 0, unexpected: 0 });
  });
});

describe('tallyReports', () => {
  it('counts verdicts and agreement for one stage', () => {
    const tally = tallyReports(reportsFor(plaintext, { 'token-expires': 'pass' }));
    expect(tally).toEqual({ total: 16, ran: 16, asExpected: 15, unexpected: 1, pass: 1, fail: 14, 'n/a': 1 });
  });
});

describe('describeTally', () => {
  it('says the board is proven as "84/84 as expected"', () => {
    expect(describeTally({ total: 84, ran: 84, asExpected: 84, unexpected: 0 })).toBe('84/84 as expected');
  });

  it('says how far a run has got', () => {
    expect(describeTally({ total: 84, ran: 20, asExpected: 20, unexpected: 0 })).toBe('20/84 run · 20/20 as expected');
  });

  it('names the disagreements', () => {
    expect(describeTally({ total: 14, ran: 14, asExpected: 12, unexpected: 2 })).toBe('12/14 as expected · 2 differ from the lesson');
  });

  it('says when nothing has run', () => {
    expect(describeTally({ total: 84, ran: 0, asExpected: 0, unexpected: 0 })).toBe('Not run yet: 84 verdicts to prove');
  });
});

describe('expectationsOf', () => {
  const jwt = profile('pass', { 'no-plaintext-storage': 'pass' });
  const available = [
    { id: 'weak-jwt-secret', title: 'Guessable JWT secret', checkEffects: {} },
    { id: 'skip-exp-check', title: 'Expiry not checked', checkEffects: { 'token-expires': 'fail' as const } },
  ];

  it("names the mistake whose verdict it expects, and leaves the lesson's claims elsewhere", () => {
    const expectations = expectationsOf({ ...jwt, 'token-expires': 'fail' }, { mistakes: ['skip-exp-check'], availableMistakes: available });
    expect(expectations['token-expires']).toEqual({ status: 'fail', mistake: 'Expiry not checked' });
    expect(expectations['tamper-rejected']).toEqual({ status: 'pass' });
  });

  it('is the profile alone while no mistake is on, or the stage was not read yet', () => {
    expect(expectationsOf(jwt, { mistakes: [], availableMistakes: available })['token-expires']).toEqual({ status: 'pass' });
    expect(expectationsOf(jwt, undefined)['token-expires']).toEqual({ status: 'pass' });
  });

  it('takes the verdict from the mistake even when the profile it came with is older', () => {
    expect(expectationsOf(jwt, { mistakes: ['skip-exp-check'], availableMistakes: available })['token-expires']).toEqual({
      status: 'fail',
      mistake: 'Expiry not checked',
    });
  });
});

describe('buildMatrix with a mistake on', () => {
  it("expects the mistake's verdict in its cell and says which mistake predicts it", () => {
    const expectations = expectationsOf(lockout.expectedChecks, {
      mistakes: ['check-then-count'],
      availableMistakes: [{ id: 'check-then-count', title: 'Lock checked before, failure counted after', checkEffects: { 'account-lockout': 'fail' } }],
    });
    const rows = buildMatrix(CHECKS, [{ ...lockout, expectations }], { lockout: reportsFor(lockout, { 'account-lockout': 'fail' }) });
    const cell = rows.find((row) => row.check.id === 'account-lockout')?.cells[0];
    expect(cell).toMatchObject({ expected: 'fail', actual: 'fail', agreement: 'as-expected', mistake: 'Lock checked before, failure counted after' });
    expect(tallyMatrix(rows).unexpected).toBe(0);
  });
});
