import { describe, expect, it } from 'vitest';
import { buildWordlist, WORDLIST_SIZE } from '../scripts/wordlist-source.ts';
import { WORDLIST } from './wordlist.ts';

describe('WORDLIST', () => {
  it('is exactly what scripts/generate-wordlist.ts makes from zxcvbn-ts, so nobody edited it by hand', () => {
    expect(WORDLIST).toEqual(buildWordlist());
  });

  it('holds a few hundred distinct passwords, most common first', () => {
    expect(WORDLIST).toHaveLength(WORDLIST_SIZE);
    expect(new Set(WORDLIST).size).toBe(WORDLIST.length);
    expect(WORDLIST.slice(0, 2)).toEqual(['123456', 'password']);
  });

  it('leaves out words unfit for a projector in class', () => {
    expect(WORDLIST.filter((word) => /fuck|shit|pussy|sex|69/.test(word))).toEqual([]);
  });
});
