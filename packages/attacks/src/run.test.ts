import { describe, expect, it } from 'vitest';
import type { AttackResult } from './attack.ts';
import { mismatches, runMatrix, type MatrixCell } from './run.ts';
import { createAttackTarget } from './target.ts';
import { createFakeStage } from './test-support/fake-stage.ts';

const result = (outcome: AttackResult['outcome']): AttackResult => ({
  attack: 'brute-force',
  stage: 'fake',
  outcome,
  figure: '',
  headline: '',
  measurements: {},
  findings: [],
  series: { attempts: [] },
  mistakes: [],
  stoppedBy: 'finished',
  durationMs: 0,
});

describe('mismatches', () => {
  it('lists cells whose outcome differs from the expectation, and cells that broke', () => {
    const cells: MatrixCell[] = [
      { stage: 'a', attack: 'brute-force', expected: 'cracked', result: result('cracked') },
      { stage: 'b', attack: 'brute-force', expected: 'locked-out', result: result('cracked') },
      { stage: 'c', attack: 'brute-force', expected: 'cracked', error: 'HTTP 500' },
      { stage: 'd', attack: 'brute-force', result: result('refused') },
    ];
    expect(mismatches(cells).map((cell) => cell.stage)).toEqual(['b', 'c']);
  });
});

describe('runMatrix', () => {
  it('runs the chosen attacks with the expectations the stage publishes', async () => {
    const stage = createFakeStage({ expectedAttacks: { 'brute-force': 'refused', 'forged-jwt': 'not-applicable' } });
    const target = createAttackTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch });
    const cells = await runMatrix([target], { attacks: ['brute-force', 'forged-jwt'], budget: { maxAttempts: 2 } });
    expect(cells.map(({ attack, expected, result: cell }) => [attack, expected, cell?.outcome])).toEqual([
      ['brute-force', 'refused', 'refused'],
      ['forged-jwt', 'not-applicable', 'not-applicable'],
    ]);
    expect(mismatches(cells)).toEqual([]);
  });

  it('turns an attack that breaks into a cell with the reason, and goes on', async () => {
    const stage = createFakeStage({ registerStatus: 500 });
    const target = createAttackTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch });
    const cells = await runMatrix([target], { attacks: ['brute-force', 'forged-jwt'] });
    expect(cells[0]?.error).toMatch(/registering alice answered 500/);
    expect(cells[1]?.result?.outcome).toBe('not-applicable');
  });
});
