/** uPlot options for the attack lab's charts, sized from the page's font so they read on a projector. */
import type uPlot from 'uplot';
import { statusLabel } from '../../lib/attack-charts.ts';
import type { ChartLook, ChartOptions } from './UPlotChart.tsx';

/** A colour per status family: let in, refused, locked, rate-limited, anything else. */
function statusColour(look: ChartLook, status: number): string {
  if (status < 300) return look.colour('--status-ok');
  if (status === 401 || status === 403) return look.colour('--status-refused');
  if (status === 423) return look.colour('--status-locked');
  if (status === 429) return look.colour('--status-limited');
  return look.colour('--status-other');
}

function axis(look: ChartLook, label: string, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    label,
    font: look.font,
    labelFont: look.labelFont,
    stroke: look.text,
    grid: { stroke: look.grid, width: 1 },
    ticks: { stroke: look.grid, width: 1 },
    labelSize: Math.round(look.fontPx * 1.6),
    ...extra,
  };
}

/** The y axis of the dot charts: one row per status code, labelled with the code. */
function statusAxis(look: ChartLook, rows: readonly number[]): uPlot.Axis {
  return axis(look, 'HTTP status', {
    splits: () => rows.map((_status, row) => row),
    values: (_chart, splits) => splits.map((row) => String(rows[row] ?? '')),
    size: Math.round(look.fontPx * 3.2),
  });
}

/** One status code as a row of dots: no line between them (no paths); the fill colours the legend's marker. */
function statusDots(look: ChartLook, status: number): uPlot.Series {
  const colour = statusColour(look, status);
  return {
    label: statusLabel(status),
    stroke: colour,
    fill: colour,
    paths: () => null,
    points: { show: true, size: Math.round(look.fontPx * 0.6), width: 1, stroke: colour, fill: colour },
  };
}

/** Dots only: each status code a row of them (`rows` bottom to top), read left to right as the attack goes on. */
export function statusChartOptions(rows: readonly number[], seen: readonly number[]): (UPlot: typeof uPlot, look: ChartLook) => ChartOptions {
  return (_UPlot, look) => ({
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: () => [-0.5, rows.length - 0.5] } },
    axes: [axis(look, 'attempt'), statusAxis(look, rows)],
    series: [{ label: 'attempt' }, ...seen.map((status) => statusDots(look, status))],
  });
}

/**
 * The parallel burst: each guess by how long its answer took, on its status row, so refusals at
 * the door (fast) stand apart from checked passwords (slow). The right password is a large ring
 * drawn over its row, in the colour of what it got.
 */
export function burstChartOptions(
  rows: readonly number[],
  wrongStatuses: readonly number[],
  rightStatus: number | undefined,
): (UPlot: typeof uPlot, look: ChartLook) => ChartOptions {
  return (_UPlot, look) => {
    const ring = rightStatus === undefined ? look.text : statusColour(look, rightStatus);
    const right: uPlot.Series = {
      label: rightStatus === undefined ? 'the right password' : `the right password: ${statusLabel(rightStatus)}`,
      stroke: ring,
      paths: () => null,
      points: { show: true, size: Math.round(look.fontPx * 1.4), width: 3, stroke: ring, fill: 'transparent' },
    };
    return {
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: () => [-0.5, rows.length - 0.5] } },
      axes: [axis(look, 'time to answer (ms)', { values: (_chart, splits) => splits.map((value) => `${Math.round(value)}`) }), statusAxis(look, rows)],
      series: [{ label: 'ms' }, ...wrongStatuses.map((status) => statusDots(look, status)), right],
    };
  };
}

/** Two sets of bars side by side per bin: the known user's logins and the unknown names'. */
export function timingChartOptions(bins: { firstMs: number; lastMs: number; binWidthMs: number }): (UPlot: typeof uPlot, look: ChartLook) => ChartOptions {
  const half = bins.binWidthMs / 2;
  return (UPlot, look) => {
    const bars = (align: -1 | 1): uPlot.Series.PathBuilder | undefined => UPlot.paths.bars?.({ size: [0.45, Infinity], align, gap: 1 });
    const side = (label: string, name: string, align: -1 | 1): uPlot.Series => {
      const paths = bars(align);
      return { label, stroke: look.colour(name), fill: look.colour(`${name}-fill`), width: 2, ...(paths ? { paths } : {}), points: { show: false } };
    };
    return {
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: () => [bins.firstMs - half, bins.lastMs + half] }, y: { range: (_chart, _min, max) => [0, Math.max(1, max) + 1] } },
      axes: [
        axis(look, 'response time of a failed login (ms)', { values: (_chart, splits) => splits.map((value) => `${Math.round(value * 10) / 10}`) }),
        axis(look, 'logins', { incrs: [1, 2, 5, 10, 20, 50], size: Math.round(look.fontPx * 2.6) }),
      ],
      series: [{ label: 'ms' }, side('known user (alice)', '--timing-known', -1), side('unknown names', '--timing-unknown', 1)],
    };
  };
}
