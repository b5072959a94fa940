import type { CheckStatus } from '@authlab/contract';
import { styleText } from 'node:util';
import type { CheckReport } from './run.ts';

export interface FormatOptions {
  color: boolean;
  /** Show how many requests each check sent (a learner's own API). */
  requests?: boolean;
}

/**
 * Text an API under test wrote (its error messages, inside an explanation) with every control
 * character shown as an escape: it goes to a terminal, where an escape sequence could redraw
 * the screen or fake a verdict.
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (character) => `\\u${character.codePointAt(0)?.toString(16).padStart(4, '0') ?? ''}`);
}

/** What the tables show of a verdict. */
type Row = Pick<CheckReport, 'id' | 'status' | 'expected' | 'evidence' | 'hint'> & { requests?: number };

const STATUS_COLOR = { pass: 'green', fail: 'red', 'n/a': 'gray' } as const;

function paint(text: string, status: CheckStatus, options: FormatOptions): string {
  return options.color ? styleText(STATUS_COLOR[status], text) : text;
}

function summary(reports: readonly Row[]): string {
  const count = (status: CheckStatus): number => reports.filter((report) => report.status === status).length;
  const expected = reports.filter((report) => report.expected !== undefined);
  const matching = expected.filter((report) => report.expected === report.status).length;
  const profile = expected.length > 0 ? ` · ${matching}/${expected.length} as expected` : '';
  return `${count('pass')} pass · ${count('fail')} fail · ${count('n/a')} n/a${profile}`;
}

/** One stage: a line per check with its verdict, what was expected, and why. */
export function formatStageTable(stage: string, reports: readonly Row[], options: FormatOptions): string {
  const idWidth = Math.max(...reports.map((report) => report.id.length));
  const lines = [`Practice checks on ${stage}`, ''];
  for (const report of reports) {
    const mark = report.expected === undefined ? ' ' : report.expected === report.status ? '✓' : '✗';
    const expected = report.expected === undefined ? '' : ` (expected ${report.expected})`;
    const requests = options.requests && report.requests !== undefined ? `  ${report.requests} request${report.requests === 1 ? '' : 's'}` : '';
    lines.push(`${mark} ${report.id.padEnd(idWidth)}  ${paint(report.status.padEnd(4), report.status, options)}${expected}${requests}`);
    lines.push(`    ${printable(report.evidence.explanation)}`);
    if (report.status === 'fail') lines.push(`    hint: ${report.hint}`);
  }
  lines.push('', summary(reports), '');
  return lines.join('\n');
}

/** Every stage: checks down, stages across; a `!` marks a verdict that differs from the profile. */
export function formatMatrix(results: ReadonlyMap<string, readonly CheckReport[]>, options: FormatOptions): string {
  const stages = [...results.keys()];
  const ids = results.get(stages[0] ?? '')?.map((report) => report.id) ?? [];
  const idWidth = Math.max(...ids.map((id) => id.length));
  const columnWidth = Math.max(6, ...stages.map((stage) => stage.length)) + 2;
  const lines = [`${''.padEnd(idWidth)}  ${stages.map((stage) => stage.padEnd(columnWidth)).join('')}`];
  for (const id of ids) {
    const cells = stages.map((stage) => {
      const report = results.get(stage)?.find((candidate) => candidate.id === id);
      if (report === undefined) return ''.padEnd(columnWidth);
      const unexpected = report.expected !== undefined && report.expected !== report.status;
      return paint(`${report.status}${unexpected ? '!' : ''}`.padEnd(columnWidth), report.status, options);
    });
    lines.push(`${id.padEnd(idWidth)}  ${cells.join('')}`);
  }
  const all = [...results.values()].flat();
  const unexpected = all.filter((report) => report.expected !== undefined && report.expected !== report.status);
  lines.push('', `${summary(all)} across ${stages.length} stages`);
  for (const report of unexpected) lines.push(`! ${report.id}: expected ${report.expected}, got ${report.status}: ${report.evidence.explanation}`);
  lines.push('');
  return lines.join('\n');
}
