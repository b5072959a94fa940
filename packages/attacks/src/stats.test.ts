import { describe, expect, it } from 'vitest';
import { approximately, distributionsSeparate, formatDuration, perSecond, quantile, statusCounts } from './stats.ts';

describe('formatDuration', () => {
  it.each([
    [0.42, '0.42 ms'],
    [850, '850 ms'],
    [2_140, '2.1 s'],
    [156_000, '2.6 min'],
    [30_000_000, '8.3 h'],
    [30 * 24 * 3600 * 1000, '30 d'],
    [3 * 365 * 24 * 3600 * 1000, '3 y'],
  ])('says %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('approximately', () => {
  it('keeps two significant digits', () => {
    expect([approximately(0.4249), approximately(3.14159), approximately(27.4), approximately(1349)]).toEqual([0.42, 3.1, 27, 1349]);
  });
});

describe('perSecond', () => {
  it('turns a count over milliseconds into a rate, and zero time into zero', () => {
    expect(perSecond(10, 500)).toBe(20);
    expect(perSecond(10, 0)).toBe(0);
  });
});

describe('statusCounts', () => {
  it('counts each status code', () => {
    expect(statusCounts([401, 401, 200, 423])).toEqual({ 200: 1, 401: 2, 423: 1 });
  });
});

describe('quantile', () => {
  it('interpolates between sorted samples', () => {
    expect([quantile([4, 1, 3, 2], 0), quantile([4, 1, 3, 2], 0.5), quantile([4, 1, 3, 2], 1), quantile([1, 2, 3, 4, 5], 0.25)]).toEqual([1, 2.5, 4, 2]);
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe('distributionsSeparate', () => {
  const bcrypt = [58, 61, 60, 59, 63, 62, 60, 64, 61, 59];
  const instant = [2, 3, 2, 2, 4, 3, 2, 3, 2, 3];

  it('tells a bcrypt compare from an instant answer', () => {
    expect(distributionsSeparate(bcrypt, instant)).toBe(true);
  });

  it('does not tell two bcrypt compares apart', () => {
    expect(distributionsSeparate(bcrypt, [60, 59, 62, 58, 61, 63, 60, 59, 62, 61])).toBe(false);
  });

  it('is not fooled when load delays half the samples of one side and moves its median', () => {
    const loaded = [60, 61, 62, 59, 60, 61, 130, 140, 150, 135, 145, 138];
    const quiet = [58, 61, 60, 59, 63, 62, 60, 64, 61, 59, 62, 62];
    expect(quantile(loaded, 0.5) - quantile(quiet, 0.5)).toBeGreaterThan(30);
    expect(distributionsSeparate(loaded, quiet)).toBe(false);
  });
});
