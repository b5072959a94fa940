import { describe, expect, it } from 'vitest';
import { median, timingAnswerSoFar, timingsMatch } from './timing.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('timingsMatch', () => {
  it('tells a fast unknown-user path from a bcrypt-paying known-user path', () => {
    expect(timingsMatch([1, 2, 1, 1, 2], [240, 250, 245, 260, 238])).toBe(false);
  });

  it('treats two bcrypt-paying paths as equal despite jitter and an outlier', () => {
    expect(timingsMatch([240, 250, 245, 900, 238], [244, 251, 239, 247, 242])).toBe(true);
  });

  it('treats a busy machine shifting one median as noise when the samples overlap', () => {
    expect(timingsMatch([30, 34, 52, 33, 60, 31], [49, 35, 48, 70, 33, 51])).toBe(true);
  });

  it('ignores sub-millisecond differences between two fast paths', () => {
    expect(timingsMatch([0.4, 0.5, 0.6], [1.2, 1.5, 1.1])).toBe(true);
  });
});

describe('timingsMatch under load', () => {
  it('is not fooled when load delays half the samples of one side and moves its median', () => {
    const loaded = [60, 61, 62, 59, 60, 61, 130, 140, 150, 135, 145, 138];
    const quiet = [58, 61, 60, 59, 63, 62, 60, 64, 61, 59, 62, 62];
    expect(median(loaded) - median(quiet)).toBeGreaterThan(30);
    expect(timingsMatch(loaded, quiet)).toBe(true);
  });
});

describe('timingAnswerSoFar', () => {
  const bcrypt = [221, 219, 224, 220, 222, 218, 223, 220, 221, 219, 225, 220];
  const nothing = [1.2, 0.9, 1.4, 1.1, 1.0, 1.3, 0.8, 1.2, 1.1, 1.0, 0.9, 1.2];

  it('waits for four pairs before it answers', () => {
    expect(timingAnswerSoFar(nothing.slice(0, 3), bcrypt.slice(0, 3))).toBe('undecided');
  });

  it('calls bcrypt against nothing different after four pairs', () => {
    expect(timingAnswerSoFar(nothing.slice(0, 4), bcrypt.slice(0, 4))).toBe('differ');
  });

  it('calls two bcrypt-paying paths equal after four pairs', () => {
    expect(timingAnswerSoFar(bcrypt.slice(0, 4), bcrypt.slice(4, 8))).toBe('match');
  });

  it('keeps measuring when one pair goes the other way, even with the medians and middles far apart', () => {
    expect(timingAnswerSoFar([1, 1, 1, 1, 300], [220, 221, 219, 222, 2])).toBe('undecided');
  });

  it('keeps measuring a gap between a tenth and a half, the zone where noise could mislead', () => {
    const slower = bcrypt.map((ms) => ms * 1.5);
    expect(timingAnswerSoFar(bcrypt.slice(0, 6), slower.slice(0, 6))).toBe('undecided');
  });

  it('answers as timingsMatch does once twelve pairs are in', () => {
    const slower = bcrypt.map((ms) => ms * 1.5);
    expect(timingAnswerSoFar(bcrypt, slower)).toBe('differ');
    expect(timingAnswerSoFar(bcrypt, [...bcrypt].reverse())).toBe('match');
  });

  it('does not call two fast paths different early, however consistent four pairs look: a busy machine does that', () => {
    expect(timingAnswerSoFar([2, 1.8, 2.2, 2.1], [7.4, 6.9, 8.1, 7.2])).toBe('undecided');
  });
});
