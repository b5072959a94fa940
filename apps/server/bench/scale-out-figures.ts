import { percentile } from './load.ts';
import type { ScaleOutResult } from './scale-out.ts';

/** One deployment's figures, pooled over the rounds, and how the scale-out page writes numbers. */

export const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const ms = (value: number): string => `${fmt(value, value < 10 ? 1 : 0)} ms`;
export const ratio = (value: number, baseline: number): string => `**${fmt(value / baseline, 2)} ×**`;
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const mean = (values: readonly number[]): number => sum(values) / values.length;

/** The four figures of one deployment, pooled over the rounds. */
export interface Measured {
  result: ScaleOutResult;
  classSeconds: number;
  loginsPerSecond: number;
  lightP95: number;
  bcryptP95: number;
  /** CPU seconds during the classes, every process's together. */
  totalCPU: number;
  /** Seconds of class, summed over the rounds. */
  classSecondsTotal: number;
}

export function measured(result: ScaleOutResult): Measured {
  return {
    result,
    classSeconds: mean(result.classSeconds),
    loginsPerSecond: result.logins / result.loginSeconds,
    lightP95: percentile(result.lightMs, 0.95),
    bcryptP95: percentile(result.bcryptLoginMs, 0.95),
    totalCPU: sum(Object.values(result.classCPU)),
    classSecondsTotal: sum(result.classSeconds),
  };
}

/** CPU seconds of the processes whose name starts with `prefix` (`AuthLab` for all of them). */
export function cpuOf(cpu: Readonly<Record<string, number>>, prefix: string): number {
  return sum(Object.entries(cpu).flatMap(([name, seconds]) => (name.startsWith(prefix) ? [seconds] : [])));
}
