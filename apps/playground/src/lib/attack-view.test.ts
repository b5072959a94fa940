import { type MatrixCell } from '@authlab/attacks';
import { ATTACK_OUTCOMES } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { agreementOf, describeAttackMatrix, formatMeasurement, measurementName, outcomeLook, tallyAttackMatrix } from './attack-view.ts';

function cell(expected: MatrixCell['expected'], outcome?: MatrixCell['expected'], error?: string): MatrixCell {
  const result =
    outcome === undefined
      ? undefined
      : {
          attack: 'brute-force' as const,
          stage: 'plaintext',
          status: outcome,
          figure: '',
          explanation: '',
          measurements: {},
          findings: [],
          series: { attempts: [] },
          mistakes: [],
          stoppedBy: 'finished' as const,
          durationMs: 1,
        };
  return { stage: 'plaintext', attack: 'brute-force', ...(expected ? { expected } : {}), ...(result ? { result } : {}), ...(error ? { error } : {}) };
}

describe('outcomeLook', () => {
  it('pairs every outcome with a word and a symbol, never colour alone', () => {
    for (const outcome of ATTACK_OUTCOMES) {
      const look = outcomeLook(outcome);
      expect(look.word).not.toBe('');
      expect(look.sideWord).not.toBe('');
      expect(look.symbol).not.toBe('');
    }
  });

  it('says who won', () => {
    expect(outcomeLook('cracked')).toMatchObject({ word: 'Cracked', side: 'attacker', sideWord: 'attacker wins' });
    expect(outcomeLook('locked-out')).toMatchObject({ word: 'Locked out', side: 'defender', sideWord: 'defence holds' });
    expect(outcomeLook('slowed').side).toBe('partial');
    expect(outcomeLook('not-applicable').short).toBe('n/a');
  });
});

describe('measurements', () => {
  it('names a measurement without its unit', () => {
    expect(measurementName('timeToCrackMs')).toBe('time to crack');
    expect(measurementName('attemptsPerSecond')).toBe('attempts per second');
    expect(measurementName('wordlistForRemainingSeconds')).toBe('wordlist for remaining');
    expect(measurementName('crackMs')).toBe('crack time');
    expect(measurementName('attempts')).toBe('attempts');
  });

  it('spells out the unit the name carries', () => {
    expect(formatMeasurement('timeToCrackMs', 2100)).toBe('2.1 s');
    expect(formatMeasurement('wordlistForRemainingSeconds', 7200)).toBe('2 h');
    expect(formatMeasurement('hashesPerSecond', 1234.5)).toBe('1,234.5');
    expect(formatMeasurement('attempts', 10)).toBe('10');
  });
});

describe('the replay matrix tally', () => {
  it('compares each cell with what its stage expects; an error always differs', () => {
    expect(agreementOf(undefined)).toBe('pending');
    expect(agreementOf(cell('cracked', 'cracked'))).toBe('as-expected');
    expect(agreementOf(cell('locked-out', 'cracked'))).toBe('unexpected');
    expect(agreementOf(cell('cracked', undefined, 'HTTP 500'))).toBe('unexpected');
    expect(agreementOf(cell(undefined, 'cracked'))).toBe('unclaimed');
  });

  it('reads 54/54 as expected when every cell matches', () => {
    const cells = Array.from({ length: 54 }, () => cell('refused', 'refused'));
    expect(describeAttackMatrix(tallyAttackMatrix(cells, 54), { running: false })).toBe('54/54 as expected');
  });

  it('says how far a run got and how many differ', () => {
    const cells = [cell('cracked', 'cracked'), cell('locked-out', 'cracked')];
    const tally = tallyAttackMatrix(cells, 54);
    expect(tally).toEqual({ ran: 2, total: 54, asExpected: 1, unexpected: 1 });
    expect(describeAttackMatrix(tally, { running: true })).toBe('2/54 run · 1/2 as expected · 1 differ');
    expect(describeAttackMatrix(tallyAttackMatrix([], 54), { running: false })).toBe('54 attacks, not run yet');
  });
});
