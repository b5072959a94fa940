/**
 * Chart data for the parallel-guessing attack: every guess of the burst by how long its answer
 * took, on its status code's row, the right password marked. A lock answers at once, without a
 * hash; a checked password waits for bcrypt. So the chart shows which guesses were checked and
 * whether the right one was among them. Pure, so it is tested without a browser.
 */
import type { AttemptPoint } from '@authlab/attacks';
import { statusLabel, type StatusSeries } from './attack-charts.ts';

/** The group the attack gives the right password's point; the other guesses are `wrong`. */
const RIGHT = 'right';
const SUCCESS = 200;

export interface BurstChartData {
  /** Each answer's response time in ms, fastest first: the x axis. */
  responseMs: number[];
  /** Status codes as evenly spaced rows, bottom to top; 200, the row the attacker wants, always on top. */
  rows: number[];
  /** The wrong guesses, one series per status code, lowest code first. */
  wrong: StatusSeries[];
  /** The right password's dot on its row, `null` at every other answer. */
  right: (number | null)[];
  /** What the right password got, once it is answered. */
  rightStatus?: number;
}

export function burstSeries(attempts: readonly AttemptPoint[]): BurstChartData {
  // uPlot wants its x values in order.
  const sorted = [...attempts].sort((a, b) => a.durationMs - b.durationMs);
  const rightPoint = sorted.find((point) => point.group === RIGHT);
  const wrongPoints = sorted.filter((point) => point !== rightPoint);
  const wrongStatuses = [...new Set(wrongPoints.map((point) => point.status))].sort((a, b) => a - b);
  const rows = [...new Set([...sorted.map((point) => point.status), SUCCESS])].sort((a, b) => b - a);
  const rowOf = (point: AttemptPoint): number => rows.indexOf(point.status);
  return {
    responseMs: sorted.map((point) => point.durationMs),
    rows,
    wrong: wrongStatuses.map((status) => ({
      status,
      label: statusLabel(status),
      values: sorted.map((point) => (point !== rightPoint && point.status === status ? rowOf(point) : null)),
    })),
    right: sorted.map((point) => (point === rightPoint ? rowOf(point) : null)),
    ...(rightPoint === undefined ? {} : { rightStatus: rightPoint.status }),
  };
}

/** `wrong guesses: 401 ×5, 423 ×4 · right password: 423`: the chart's text alternative. */
export function describeBurst(attempts: readonly AttemptPoint[]): string {
  const counts = new Map<number, number>();
  for (const point of attempts) if (point.group !== RIGHT) counts.set(point.status, (counts.get(point.status) ?? 0) + 1);
  const wrong = [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status} ×${count}`);
  const right = attempts.find((point) => point.group === RIGHT);
  return `wrong guesses: ${wrong.join(', ') || 'none yet'} · right password: ${right === undefined ? 'not answered yet' : statusLabel(right.status)}`;
}
