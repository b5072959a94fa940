/**
 * Telling two timing samples apart: the statistics behind the practice check `equal-timing` and
 * the attack `timing-enumeration`, which must agree on what "the same time" means.
 */

/** Pairs measured before the answer may be called clear. */
const MIN_PAIRS = 4;
/** Pairs measured at most; then the answer is whatever `timingsMatch` says. */
export const MAX_TIMING_PAIRS = 12;
/** Below this, a difference is network and scheduler noise, not a signal. */
const NOISE_FLOOR_MS = 3;
/**
 * Four pairs call two paths different early only if they are this far apart as well: on a busy
 * machine, two fast paths can drift a few milliseconds apart in four pairs by chance (a stall
 * here, a stall there); a slow hash is tens of milliseconds at the lowest cost anyone uses.
 * Closer paths are measured to twelve pairs and judged by `timingsMatch`.
 */
const CLEARLY_APART_MS = 20;
/** Medians further apart than this share of the slower one tell the two cases apart. */
const MAX_RELATIVE_GAP = 0.25;
/** Medians this close (as a share of the slower one) are clearly equal: two-fifths of the gap that counts. */
const CLEARLY_EQUAL_GAP = 0.1;
/** Medians this far apart, every pair the same way round, are clearly different: twice the gap that counts. */
const CLEARLY_APART_GAP = 0.5;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return [at(0.25), at(0.75)];
}

/**
 * True when two timing samples, taken as interleaved pairs, cannot be told apart. They differ
 * only if all three agree: the medians are further apart than noise, the middle halves do not
 * overlap, and one side is slower in at least three pairs out of four. A busy machine moves
 * one median now and then; it does not do all three consistently, a bcrypt compare does.
 */
export function timingsMatch(a: readonly number[], b: readonly number[]): boolean {
  return !(mediansApart(a, b, MAX_RELATIVE_GAP) && middlesApart(a, b) && slowerShare(a, b) !== 'mixed');
}

/**
 * The sequential rule: after each pair, stop if the answer is already clear, so a verdict costs
 * four pairs when the paths are plainly alike or plainly not (bcrypt against nothing is 100×),
 * and up to twelve when they are close. Clear means well inside the line `timingsMatch` draws:
 * medians within a tenth and the middle halves overlapping, or medians half apart (and 20 ms),
 * the middle halves apart, and every single pair the same way round.
 */
export function timingAnswerSoFar(a: readonly number[], b: readonly number[]): 'match' | 'differ' | 'undecided' {
  const pairs = Math.min(a.length, b.length);
  if (pairs >= MAX_TIMING_PAIRS) return timingsMatch(a, b) ? 'match' : 'differ';
  if (pairs < MIN_PAIRS) return 'undecided';
  if (!mediansApart(a, b, CLEARLY_EQUAL_GAP) && !middlesApart(a, b)) return 'match';
  const clearlyApart = mediansApart(a, b, CLEARLY_APART_GAP) && Math.abs(median(a) - median(b)) > CLEARLY_APART_MS;
  if (clearlyApart && middlesApart(a, b) && slowerShare(a, b) === 'all') return 'differ';
  return 'undecided';
}

function mediansApart(a: readonly number[], b: readonly number[], relativeGap: number): boolean {
  const [medianA, medianB] = [median(a), median(b)];
  return Math.abs(medianA - medianB) > Math.max(NOISE_FLOOR_MS, relativeGap * Math.max(medianA, medianB));
}

function middlesApart(a: readonly number[], b: readonly number[]): boolean {
  const [lowA, highA] = quartiles(a);
  const [lowB, highB] = quartiles(b);
  return highA < lowB || highB < lowA;
}

/** Whether one side was slower in every pair, in three out of four or more, or neither. */
function slowerShare(a: readonly number[], b: readonly number[]): 'all' | 'most' | 'mixed' {
  const pairs = Math.min(a.length, b.length);
  let aSlower = 0;
  for (let index = 0; index < pairs; index++) if ((a[index] ?? 0) > (b[index] ?? 0)) aSlower++;
  if (pairs > 0 && (aSlower === pairs || aSlower === 0)) return 'all';
  return pairs > 0 && (aSlower >= 0.75 * pairs || aSlower <= 0.25 * pairs) ? 'most' : 'mixed';
}
