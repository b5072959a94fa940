import { type AttackOutcome, median, OUTCOME_SIDE } from '@authlab/contract';
import { styleText } from 'node:util';
import type { AllowanceMeasurement } from './allowance.ts';
import { describeAllowance } from './allowance-figure.ts';
import type { AttackResult } from './attack.ts';
import type { MatrixCell } from './run.ts';
import { roundTo, statusCounts } from './stats.ts';

export interface FormatOptions {
  color: boolean;
}

const SIDE_COLOR = { attacker: 'red', partial: 'yellow', defender: 'green', none: 'gray' } as const;
/** Matrix cells stay narrow enough for a projector; longer figures are cut. */
const CELL_WIDTH = 16;

function paint(text: string, outcome: AttackOutcome | undefined, options: FormatOptions): string {
  if (!options.color) return text;
  return outcome === undefined ? styleText('magenta', text) : styleText(SIDE_COLOR[OUTCOME_SIDE[outcome]], text);
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** One attack on one stage: status, explanation, figures, findings and what the charts would show. */
export function formatResult(cell: MatrixCell, options: FormatOptions): string {
  const { result } = cell;
  const title = `${cell.attack} on ${cell.stage}`;
  if (result === undefined) return `${title}: could not finish: ${cell.error ?? 'unknown error'}\n`;
  const expected = cell.expected === undefined ? '' : cell.expected === result.status ? ` (expected ${cell.expected} ✓)` : ` (expected ${cell.expected} ✗)`;
  const lines = [`${title}: ${paint(result.status, result.status, options)}${expected}`, result.explanation, ''];
  if (result.mistakes.length > 0) lines.push(`instructor mistakes on: ${result.mistakes.join(', ')}`, '');
  const measurements = Object.entries(result.measurements);
  const keyWidth = Math.max(0, ...measurements.map(([key]) => key.length), ...result.findings.map((finding) => finding.subject.length));
  for (const [key, value] of measurements) lines.push(`  ${key.padEnd(keyWidth)}  ${value}`);
  if (result.findings.length > 0) {
    lines.push('', 'findings:');
    for (const finding of result.findings) lines.push(`  ${finding.subject.padEnd(keyWidth)}  ${finding.value}${finding.detail ? `  (${finding.detail})` : ''}`);
  }
  lines.push('', ...seriesSummary(result), `stopped: ${result.stoppedBy} after ${result.durationMs} ms`, '');
  return lines.join('\n');
}

function seriesSummary(result: AttackResult): string[] {
  const lines: string[] = [];
  const counts = Object.entries(statusCounts(result.series.attempts.map((point) => point.status)));
  if (counts.length > 0) lines.push(`status codes over ${result.series.attempts.length} requests: ${counts.map(([status, count]) => `${status} ×${count}`).join(', ')}`);
  const timing = result.series.timing;
  if (timing) {
    const range = (values: number[]): string => (values.length === 0 ? 'none' : `${Math.min(...values)}–${Math.max(...values)} ms, median ${roundTo(median(values), 1)} ms`);
    lines.push(`known user:   ${range(timing.knownUserMs)}`, `unknown user: ${range(timing.unknownUserMs)}`);
  }
  return lines;
}

/** Attacks down, stages across; each cell is the outcome over its figure, `!` where it differs from expected. */
export function formatMatrix(cells: readonly MatrixCell[], options: FormatOptions): string {
  const stages = [...new Set(cells.map((cell) => cell.stage))];
  const attacks = [...new Set(cells.map((cell) => cell.attack))];
  const labelWidth = Math.max(...attacks.map((attack) => attack.length));
  const columnWidth = Math.max(CELL_WIDTH, ...stages.map((stage) => stage.length)) + 2;
  const lines = [`${''.padEnd(labelWidth)}  ${stages.map((stage) => stage.padEnd(columnWidth)).join('')}`];
  for (const attack of attacks) {
    const row = stages.map((stage) => cells.find((cell) => cell.stage === stage && cell.attack === attack));
    const outcomes = row.map((cell) => {
      if (cell === undefined) return ''.padEnd(columnWidth);
      const outcome = cell.result?.status;
      const unexpected = cell.expected !== undefined && cell.expected !== outcome;
      return paint(fit(`${outcome ?? 'error'}${unexpected ? '!' : ''}`, columnWidth - 2), outcome, options) + '  ';
    });
    const figures = row.map((cell) => fit(cell?.result?.figure ?? (cell?.error ? 'see below' : ''), columnWidth - 2) + '  ');
    lines.push(`${attack.padEnd(labelWidth)}  ${outcomes.join('')}`, `${''.padEnd(labelWidth)}  ${figures.join('')}`);
  }
  const expected = cells.filter((cell) => cell.expected !== undefined);
  const matching = expected.filter((cell) => cell.result?.status === cell.expected);
  const mistakes = [...new Set(cells.flatMap((cell) => (cell.result?.mistakes ?? []).map((mistake) => `${mistake} on ${cell.stage}`)))];
  lines.push('', `${cells.length} runs · ${matching.length}/${expected.length} as expected`);
  if (mistakes.length > 0) lines.push(`instructor mistakes on: ${mistakes.join(', ')}`);
  for (const cell of cells) {
    if (cell.error !== undefined) lines.push(`! ${cell.attack} on ${cell.stage} could not finish: ${cell.error}`);
    else if (cell.expected !== undefined && cell.expected !== cell.result?.status) {
      lines.push(`! ${cell.attack} on ${cell.stage}: expected ${cell.expected}, got ${cell.result?.status}: ${cell.result?.explanation}`);
    }
  }
  lines.push('');
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** What `--measure-allowance` found on one stage: a line per probe, then what it cost. */
export function formatAllowance(measurement: AllowanceMeasurement): string {
  const mistakes = measurement.mistakes.length === 0 ? '' : ` (instructor mistakes on: ${measurement.mistakes.join(', ')})`;
  return [
    `allowance on ${measurement.stage}${mistakes}:`,
    ...describeAllowance(measurement).map((line) => `  ${line}`),
    `${measurement.logins} logins in ${(measurement.durationMs / 1000).toFixed(1)} s; the stage was reset before, between and after the probes.`,
    '',
  ].join('\n');
}
