import { describe, expect, it } from 'vitest';
import type { AttackResult } from './attack.ts';
import { formatMatrix, formatResult } from './format.ts';
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
