import { describe, expect, it } from 'vitest';
import { median, timingsMatch } from './equal-timing.ts';

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
