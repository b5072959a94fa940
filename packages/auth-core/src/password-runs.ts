/**
 * Runs: characters typed in an order everyone knows — the alphabet, the digits (wrapping from
 * 9 to 0), a row or column of a US keyboard — forwards or backwards, three or more at a time.
 */

/** Shortest stretch that counts as a run: two neighbours in order turn up in ordinary words. */
const MIN_RUN_LENGTH = 3;

const LINES = [
  'abcdefghijklmnopqrstuvwxyz',
  // Twice round, so `7890123` is one run like the wrap-around `123456789012345`.
  '01234567890123456789',
  // Keyboard rows, unshifted, then the diagonal columns (`1qaz`, `2wsx`, …).
  '`1234567890-=',
  'qwertyuiop[]\\',
  "asdfghjkl;'",
  'zxcvbnm,./',
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '8ik,',
  '9ol.',
  '0p;/',
  // The well-known walks that zigzag between two rows or run down one column after another.
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'qazwsxedcrfvtgbyhnujmik,ol.p;/',
  'zaqxswcdevfrbgtnhymju,ki.lo/;p',
];

const RUNS: ReadonlySet<string> = new Set(
  LINES.flatMap((line) => [line, [...line].reverse().join('')]).flatMap((line) => {
    const runs: string[] = [];
    for (let start = 0; start < line.length; start += 1) {
      for (let end = start + MIN_RUN_LENGTH; end <= line.length; end += 1) runs.push(line.slice(start, end));
    }
    return runs;
  }),
);
const LONGEST_RUN = Math.max(...LINES.map((line) => line.length));

/** Where a run that starts at `start` can end (exclusive), for lower-cased code points. */
export function runEndsFrom(cells: readonly string[], start: number): number[] {
  const ends: number[] = [];
  let text = cells.slice(start, start + MIN_RUN_LENGTH - 1).join('');
  for (let end = start + MIN_RUN_LENGTH; end <= Math.min(cells.length, start + LONGEST_RUN); end += 1) {
    text += cells[end - 1];
    if (RUNS.has(text)) ends.push(end);
  }
  return ends;
}
