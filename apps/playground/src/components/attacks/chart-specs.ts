/** uPlot options for the attack lab's two charts, sized from the page's font so they read on a projector. */
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

/** Dots only: each status code a row of them (`rows` bottom to top), read left to right as the attack goes on. */
export function statusChartOptions(rows: readonly number[], seen: readonly number[]): (UPlot: typeof uPlot, look: ChartLook) => ChartOptions {
  return (_UPlot, look) => ({
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: () => [-0.5, rows.length - 0.5] } },
    axes: [
      axis(look, 'attempt'),
      axis(look, 'HTTP status', {
        splits: () => rows.map((_status, row) => row),
        values: (_chart, splits) => splits.map((row) => String(rows[row] ?? '')),
        size: Math.round(look.fontPx * 3.2),
      }),
    ],
    series: [
      { label: 'attempt' },
      ...seen.map((status): uPlot.Series => {
        const colour = statusColour(look, status);
        return {
          label: statusLabel(status),
          stroke: colour,
          // No area is drawn (no paths); the fill colours the legend's marker.
          fill: colour,
          paths: () => null,
          points: { show: true, size: Math.round(look.fontPx * 0.6), width: 1, stroke: colour, fill: colour },
        };
      }),
    ],
  });
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
