import { describe, expect, it } from 'vitest';
import { approximately, formatDuration, perSecond, statusCounts } from './stats.ts';

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
