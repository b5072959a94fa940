/**
 * Chart data for the attack lab, shaped for uPlot's column layout (one x array, one y array
 * per series, `null` where a series has no point). Pure, so it is tested without a browser.
 */
import type { AttemptPoint, TimingSamples } from '@authlab/attacks';

/** Words a class reads next to a status code on the chart's legend. */
const STATUS_WORDS: Readonly<Record<number, string>> = {
  200: 'let in',
  201: 'created',
  204: 'done',
  400: 'bad request',
  401: 'refused',
  403: 'forbidden',
  423: 'locked',
  429: 'rate-limited',
};

export function statusLabel(status: number): string {
  const word = STATUS_WORDS[status];
  return word === undefined ? String(status) : `${status} ${word}`;
}

export interface StatusSeries {
  status: number;
  label: string;
  /** The status's row at attempts that got it, `null` elsewhere: one row of dots per status. */
  values: (number | null)[];
}

export interface StatusChartData {
  /** Attempt numbers, 1-based: the x axis. */
  attempts: number[];
  /**
   * The status codes as evenly spaced rows, bottom to top (the y value is the index). 200 is
   * always there, at the top: the row the attacker wants to reach, empty while the defence holds.
   */
  rows: number[];
  /** One series per status code seen, lowest code first. */
  series: StatusSeries[];
}

const SUCCESS = 200;

/** "Status code over attempts": each code gets its own series, so its own colour and legend entry. */
export function statusSeries(attempts: readonly AttemptPoint[]): StatusChartData {
  const statuses = [...new Set(attempts.map((point) => point.status))].sort((a, b) => a - b);
  const rows = [...new Set([...statuses, SUCCESS])].sort((a, b) => b - a);
  return {
    attempts: attempts.map((point) => point.index),
    rows,
    series: statuses.map((status) => ({
      status,
      label: statusLabel(status),
      values: attempts.map((point) => (point.status === status ? rows.indexOf(status) : null)),
    })),
  };
}

/** `401 ×9, 200 ×1`, in the order the codes first appeared: the chart's text alternative. */
export function describeStatuses(attempts: readonly AttemptPoint[]): string {
  const counts = new Map<number, number>();
  for (const point of attempts) counts.set(point.status, (counts.get(point.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${status} ×${count}`).join(', ');
}

/**
 * The timing samples gathered so far, read from the streamed attempts (the timing attack tags
 * them `known-user` / `unknown-user`). Only refusals count: a lock or rate limit is fast for both.
 */
export function timingFromAttempts(attempts: readonly AttemptPoint[]): TimingSamples {
  const side = (group: string): number[] => attempts.filter((point) => point.group === group && point.status === 401).map((point) => point.durationMs);
  return { knownUserMs: side('known-user'), unknownUserMs: side('unknown-user') };
}

export interface TimingHistogram {
  /** The middle of each bin: the x axis. */
  binCentresMs: number[];
  binWidthMs: number;
  knownUser: number[];
  unknownUser: number[];
}

export interface HistogramOptions {
  binCount?: number;
}

const DEFAULT_BIN_COUNT = 12;

/**
 * Both sides counted into the same bins from the fastest to the slowest sample, so two humps
 * apart mean the clock tells the users apart, and one shared hump means it does not.
 */
export function binTimings(samples: TimingSamples, options: HistogramOptions = {}): TimingHistogram {
  const all = [...samples.knownUserMs, ...samples.unknownUserMs];
  if (all.length === 0) return { binCentresMs: [], binWidthMs: 0, knownUser: [], unknownUser: [] };
  const minMs = Math.min(...all);
  const maxMs = Math.max(...all);
  const binCount = maxMs === minMs ? 1 : Math.max(1, Math.round(options.binCount ?? DEFAULT_BIN_COUNT));
  // Equal samples still get a bin of visible width.
  const binWidthMs = maxMs === minMs ? Math.max(0.1, minMs * 0.1) : (maxMs - minMs) / binCount;
  const count = (values: readonly number[]): number[] => {
    const bins = new Array<number>(binCount).fill(0);
    for (const value of values) {
      // The slowest sample belongs in the last bin, not one past it.
      const bin = Math.min(binCount - 1, Math.floor((value - minMs) / binWidthMs));
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    return bins;
  };
  const start = maxMs === minMs ? minMs - binWidthMs / 2 : minMs;
  return {
    binCentresMs: Array.from({ length: binCount }, (_, bin) => start + (bin + 0.5) * binWidthMs),
    binWidthMs,
    knownUser: count(samples.knownUserMs),
    unknownUser: count(samples.unknownUserMs),
  };
}

/** The middle sample (mean of the middle two for an even count); 0 without samples. */
export function medianMs(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
