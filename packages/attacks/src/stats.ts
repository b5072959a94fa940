/** Small numeric helpers for figures a class reads off a slide. */

/** Events per second, or 0 when no time passed. */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Two significant digits below 10, whole numbers above: `0.42`, `3.1`, `27`, `1349`. */
export function approximately(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return roundTo(value, Math.max(0, 1 - magnitude));
}

const UNITS: readonly (readonly [string, number])[] = [
  ['y', 365 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['min', 60 * 1000],
  ['s', 1000],
];

/** A duration in the largest unit that keeps it at 1 or more: `850 ms`, `2.1 s`, `3.5 h`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms >= size) return `${approximately(ms / size)} ${unit}`;
  }
  return `${approximately(ms)} ms`;
}

/** Counts how often each status code came back, e.g. `{401: 9, 200: 1}`. */
export function statusCounts(statuses: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
