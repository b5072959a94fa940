import { describe, expect, it } from 'vitest';
import { activeMistakeTitles, type StageLab } from './stage-lab.ts';

const available = [
  { id: 'weak-jwt-secret', title: 'Guessable JWT secret', description: 'signed with "secret"', checkEffects: {} },
  { id: 'skip-exp-check', title: 'Expiry not checked', description: '`exp` is ignored', checkEffects: {} },
];

function lab(mistakes: string[]): StageLab {
  return { lab: { clockOffsetSeconds: 0, mistakes, availableMistakes: available, transport: 'http' } };
}

describe('activeMistakeTitles', () => {
  it('names the mistakes switched on, in the order the server reports them', () => {
    expect(activeMistakeTitles(lab(['skip-exp-check', 'weak-jwt-secret']))).toEqual(['Expiry not checked', 'Guessable JWT secret']);
  });

  it('is empty before the stage was read and while nothing is switched on', () => {
    expect(activeMistakeTitles(undefined)).toEqual([]);
    expect(activeMistakeTitles(lab([]))).toEqual([]);
  });

  it('falls back to the id for a mistake the stage does not describe', () => {
    expect(activeMistakeTitles(lab(['no-such-mistake']))).toEqual(['no-such-mistake']);
  });
});
