/**
 * How attack outcomes and figures read on screen: a word and a symbol next to every colour,
 * units spelled out, and the replay matrix's tally. Pure, tested beside this file.
 */
import { formatDuration, type MatrixCell } from '@authlab/attacks';
import { type AttackOutcome, OUTCOME_SIDE, type OutcomeSide } from '@authlab/contract';

export interface OutcomeLook {
  /** What happened, e.g. `Locked out`. */
  word: string;
  /** The same for a narrow matrix cell, e.g. `n/a`. */
  short: string;
  side: OutcomeSide;
  /** Who won, in words, so colour is never the only signal. */
  sideWord: string;
  symbol: string;
}

const WORDS: Readonly<Record<AttackOutcome, readonly [word: string, short: string]>> = {
  cracked: ['Cracked', 'Cracked'],
  exposed: ['Exposed', 'Exposed'],
  slowed: ['Slowed down', 'Slowed'],
  'locked-out': ['Locked out', 'Locked out'],
  'rate-limited': ['Rate-limited', 'Rate-limited'],
  refused: ['Refused', 'Refused'],
  'not-applicable': ['Not applicable', 'n/a'],
};

const SIDES: Readonly<Record<OutcomeSide, { sideWord: string; symbol: string }>> = {
  attacker: { sideWord: 'attacker wins', symbol: '✗' },
  partial: { sideWord: 'attacker slowed', symbol: '◐' },
  defender: { sideWord: 'defence holds', symbol: '✓' },
  none: { sideWord: 'nothing to attack', symbol: '–' },
};

export function outcomeLook(outcome: AttackOutcome): OutcomeLook {
  const side = OUTCOME_SIDE[outcome];
  const [word, short] = WORDS[outcome];
  return { word, short, side, ...SIDES[side] };
}

/** `timeToCrackMs` → `time to crack`, `crackMs` → `crack time`: words, the unit left to the value. */
export function measurementName(key: string): string {
  const words = key
    .replace(/(Ms|Seconds)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words !== key.toLowerCase() && !words.includes(' ') ? `${words} time` : words;
}

/** A measurement with its unit, read off the name the attacks give it (`…Ms`, `…Seconds`). */
export function formatMeasurement(key: string, value: number): string {
  if (key.endsWith('Ms')) return formatDuration(value);
  if (key.endsWith('Seconds')) return formatDuration(value * 1000);
  return value.toLocaleString('en');
}

/** Where a matrix cell stands against what its stage expects. */
export type Agreement = 'as-expected' | 'unexpected' | 'unclaimed' | 'pending';

export function agreementOf(cell: MatrixCell | undefined): Agreement {
  if (cell === undefined) return 'pending';
  if (cell.expected === undefined) return 'unclaimed';
  return cell.error === undefined && cell.result?.status === cell.expected ? 'as-expected' : 'unexpected';
}

export interface MatrixTally {
  ran: number;
  total: number;
  asExpected: number;
  unexpected: number;
}

export function tallyAttackMatrix(cells: readonly MatrixCell[], total: number): MatrixTally {
  const agreements = cells.map(agreementOf);
  return {
    ran: cells.length,
    total,
    asExpected: agreements.filter((agreement) => agreement === 'as-expected').length,
    unexpected: agreements.filter((agreement) => agreement === 'unexpected').length,
  };
}

/** The one line under the matrix: `54/54 as expected`, or how far a run got. */
export function describeAttackMatrix(tally: MatrixTally, options: { running: boolean }): string {
  if (tally.ran === 0) return options.running ? `Starting: 0/${tally.total} run` : `${tally.total} attacks, not run yet`;
  const differing = tally.unexpected === 0 ? '' : ` · ${tally.unexpected} differ`;
  if (options.running || tally.ran < tally.total) return `${tally.ran}/${tally.total} run · ${tally.asExpected}/${tally.ran} as expected${differing}`;
  return `${tally.asExpected}/${tally.total} as expected${differing}`;
}
