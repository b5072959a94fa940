import { describe, expect, it } from 'vitest';
import type { AttackResult } from './attack.ts';
import { formatAllowance, formatMatrix, formatResult } from './format.ts';
import type { MatrixCell } from './run.ts';

function cell(stage: string, outcome: AttackResult['status'], expected: AttackResult['status'], figure: string): MatrixCell {
  return {
    stage,
    attack: 'brute-force',
    expected,
    result: {
      attack: 'brute-force',
      stage,
      status: outcome,
      figure,
      explanation: `${outcome} on ${stage}`,
      measurements: { attempts: 10 },
      findings: [{ subject: 'alice', value: 'dragon', detail: 'guess 10' }],
      series: { attempts: [{ index: 1, atMs: 1, status: 200, durationMs: 1, label: 'dragon' }] },
      mistakes: [],
      stoppedBy: 'finished',
      durationMs: 12,
    },
  };
}

describe('formatMatrix', () => {
  it('puts each outcome over its figure and marks the one that differs from the expectation', () => {
    const text = formatMatrix([cell('plaintext', 'cracked', 'cracked', '#10 in 61 ms'), cell('lockout', 'cracked', 'locked-out', '#10 in 1 s')], {
      color: false,
    });
    expect(text).toContain('cracked           cracked!');
    expect(text).toContain('#10 in 61 ms      #10 in 1 s');
    expect(text).toContain('2 runs · 1/2 as expected');
    expect(text).toContain('! brute-force on lockout: expected locked-out, got cracked');
    expect(text).not.toContain('\u001b[');
  });
});

describe('formatResult', () => {
  it('shows the verdict against the expectation, the figures, the findings and the status codes', () => {
    const text = formatResult(cell('plaintext', 'cracked', 'cracked', '#10'), { color: false });
    expect(text.split('\n').slice(0, 2)).toEqual(['brute-force on plaintext: cracked (expected cracked ✓)', 'cracked on plaintext']);
    expect(text).toMatch(/attempts\s+10/);
    expect(text).toMatch(/alice\s+dragon {2}\(guess 10\)/);
    expect(text).toContain('status codes over 1 requests: 200 ×1');
  });
});

describe('formatAllowance', () => {
  it('prints each probe against its promise, with the mistakes that were on', () => {
    const text = formatAllowance({
      stage: 'lockout',
      mistakes: ['memory-rate-limit'],
      lockout: { promised: 5, checked: 15, endedBy: 423 },
      rateLimit: { promised: 10, windowSeconds: 60, answered: 30, endedBy: 429 },
      logins: 47,
      durationMs: 2345,
    });
    expect(text.split('\n')).toEqual([
      'allowance on lockout (instructor mistakes on: memory-rate-limit):',
      '  15 wrong guesses checked where the lockout promises 5: 3.0× its allowance',
      '  30 logins answered where the limit promises 10 a minute: 3.0×',
      '47 logins in 2.3 s; the stage was reset before, between and after the probes.',
      '',
    ]);
  });
});
