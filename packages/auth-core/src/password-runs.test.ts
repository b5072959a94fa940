import { describe, expect, it } from 'vitest';
import { runEndsFrom } from './password-runs.ts';

const endsOf = (text: string, start = 0): number[] => runEndsFrom([...text], start);

describe('runEndsFrom', () => {
  it('finds every run of 3 or more along the alphabet, forwards and backwards', () => {
    expect(endsOf('abcdx')).toEqual([3, 4]);
    expect(endsOf('zyxw')).toEqual([3, 4]);
  });

  it('lets the digits wrap from 9 to 0', () => {
    expect(endsOf('7890123')).toEqual([3, 4, 5, 6, 7]);
  });

  it('follows keyboard rows and columns', () => {
    expect(endsOf('qwerty')).toEqual([3, 4, 5, 6]);
    expect(endsOf('asdf;')).toEqual([3, 4]);
    expect(endsOf('1qaz')).toEqual([3, 4]);
  });

  it('starts where it is told', () => {
    expect(endsOf('xxabc', 2)).toEqual([5]);
  });

  it('finds nothing in two neighbours or in letters that skip', () => {
    expect(endsOf('ab')).toEqual([]);
    expect(endsOf('aceg')).toEqual([]);
    expect(endsOf('qwa')).toEqual([]);
  });
});
