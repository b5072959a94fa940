import type { AttemptPoint } from '@authlab/attacks';
import { describe, expect, it } from 'vitest';
import { binTimings, describeStatuses, medianMs, statusLabel, statusSeries, timingFromAttempts } from './attack-charts.ts';

function attempt(index: number, status: number, extra: Partial<AttemptPoint> = {}): AttemptPoint {
  return { index, atMs: index * 10, status, durationMs: 5, label: `guess ${index}`, ...extra };
}

describe('statusSeries', () => {
  it('gives each status code its own series with a dot only where that code came back', () => {
    const data = statusSeries([attempt(1, 401), attempt(2, 401), attempt(3, 200)]);
    expect(data.attempts).toEqual([1, 2, 3]);
    expect(data.rows).toEqual([401, 200]);
    expect(data.series).toEqual([
      { status: 200, label: '200 let in', values: [null, null, 1] },
      { status: 401, label: '401 refused', values: [0, 0, null] },
    ]);
  });

  it('keeps an empty 200 row on top while the defence holds, the lock below the refusals', () => {
    const attempts = [1, 2, 3, 4, 5].map((index) => attempt(index, 401)).concat(attempt(6, 423));
    const data = statusSeries(attempts);
    expect(data.rows).toEqual([423, 401, 200]);
    expect(data.series.map((series) => series.label)).toEqual(['401 refused', '423 locked']);
    expect(data.series[1]?.values).toEqual([null, null, null, null, null, 0]);
  });

  it('is empty before the first answer but for the row to reach', () => {
    expect(statusSeries([])).toEqual({ attempts: [], rows: [200], series: [] });
  });
});

describe('statusLabel and describeStatuses', () => {
  it('names the codes a class meets and leaves others as numbers', () => {
    expect(statusLabel(429)).toBe('429 rate-limited');
    expect(statusLabel(418)).toBe('418');
  });

  it('counts the codes in the order they first appeared', () => {
    expect(describeStatuses([attempt(1, 401), attempt(2, 401), attempt(3, 423)])).toBe('401 ×2, 423 ×1');
  });
});

describe('timingFromAttempts', () => {
  it('splits refusals by side and leaves locks and other attacks out', () => {
    const attempts = [
      attempt(1, 401, { group: 'unknown-user', durationMs: 1.5 }),
      attempt(2, 401, { group: 'known-user', durationMs: 60 }),
      attempt(3, 429, { group: 'known-user', durationMs: 0.5 }),
      attempt(4, 401, { durationMs: 9 }),
    ];
    expect(timingFromAttempts(attempts)).toEqual({ knownUserMs: [60], unknownUserMs: [1.5] });
  });
});

describe('binTimings', () => {
  it('puts both sides in the same bins, from the fastest to the slowest sample', () => {
    const histogram = binTimings({ unknownUserMs: [0, 1, 2], knownUserMs: [9, 10, 10] }, { binCount: 5 });
    expect(histogram.binWidthMs).toBe(2);
    expect(histogram.binCentresMs).toEqual([1, 3, 5, 7, 9]);
    expect(histogram.unknownUser).toEqual([2, 1, 0, 0, 0]);
    // The slowest sample lands in the last bin, not past it.
    expect(histogram.knownUser).toEqual([0, 0, 0, 0, 3]);
  });

  it('shows overlapping sides as one shared hump', () => {
    const histogram = binTimings({ unknownUserMs: [50, 51, 54], knownUserMs: [51, 53, 54] }, { binCount: 2 });
    expect(histogram.unknownUser).toEqual([2, 1]);
    expect(histogram.knownUser).toEqual([1, 2]);
  });

  it('keeps every sample', () => {
    const samples = { unknownUserMs: [1.2, 3.4, 2.2, 8.9], knownUserMs: [61.3, 58.2, 70.1] };
    const histogram = binTimings(samples);
    const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
    expect(histogram.binCentresMs).toHaveLength(12);
    expect(sum(histogram.unknownUser)).toBe(4);
    expect(sum(histogram.knownUser)).toBe(3);
  });

  it('gives equal samples one visible bin', () => {
    const histogram = binTimings({ unknownUserMs: [4], knownUserMs: [4] });
    expect(histogram.binCentresMs).toEqual([4]);
    expect(histogram.binWidthMs).toBeGreaterThan(0);
    expect([histogram.knownUser, histogram.unknownUser]).toEqual([[1], [1]]);
  });

  it('has no bins without samples', () => {
    expect(binTimings({ unknownUserMs: [], knownUserMs: [] }).binCentresMs).toEqual([]);
  });
});

describe('medianMs', () => {
  it('takes the middle sample, or the mean of the middle two', () => {
    expect(medianMs([3, 1, 2])).toBe(2);
    expect(medianMs([4, 1, 3, 2])).toBe(2.5);
    expect(medianMs([])).toBe(0);
  });
});
