import { describe, expect, it } from 'vitest';
import { formatRate, guessRateRows } from './guess-rates.ts';

const MEASURED = {
  sha256GuessesPerSecond: 300_000,
  bcryptGuessesPerSecond: 3,
  bcryptCost: 12,
  argon2idGuessesPerSecond: 1.5,
  argon2idMemoryKiB: 19_456,
  argon2idIterations: 2,
  argon2idParallelism: 1,
};

describe('guessRateRows', () => {
  it('gives one row per scheme with its parameters and how much slower than SHA-256 it is', () => {
    expect(guessRateRows(MEASURED)).toEqual([
      { scheme: 'SHA-256', parameters: 'unsalted, one pass', perSecond: 300_000, timesSlower: 1 },
      { scheme: 'bcrypt', parameters: 'cost 12', perSecond: 3, timesSlower: 100_000 },
      { scheme: 'Argon2id', parameters: '19 MiB, t=2, p=1', perSecond: 1.5, timesSlower: 200_000 },
    ]);
  });

  it('gives nothing for a run without the comparison (plain text, or an older result)', () => {
    expect(guessRateRows({ accounts: 4, cracked: 4 })).toBeUndefined();
  });
});

describe('formatRate', () => {
  it('rounds large rates and keeps two figures of small ones', () => {
    expect(formatRate(312_345.6)).toBe('312,346/s');
    expect(formatRate(3.4567)).toBe('3.5/s');
    expect(formatRate(0.7512)).toBe('0.75/s');
  });
});
