import { defineCheck, fail, pass } from '../check.ts';
import type { Exchange } from '../probe.ts';
import { randomPassword, randomUsername } from '../random.ts';

/** Pairs measured before the answer may be called clear. */
const MIN_PAIRS = 4;
/** Pairs measured at most; then the answer is whatever `timingsMatch` says. */
const MAX_PAIRS = 12;
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
  if (pairs >= MAX_PAIRS) return timingsMatch(a, b) ? 'match' : 'differ';
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

export const equalTiming = defineCheck({
  id: 'equal-timing',
  title: 'Unknown users take as long as known ones',
  lesson: '06-lockout',
  hint: 'When the username does not exist, still run a full password verification against a dummy hash at the same cost.',
  freshStage: true,
  async decide(probe) {
    const policy = await probe.policy();
    // Stay under the stage's own defences, one request short of each: a locked or rate-limited
    // answer would be fast for both. The first batch also sends one warm-up request.
    const lockLimit = policy.lockout ? policy.lockout.maxFailures - 1 : MAX_PAIRS;
    const rateLimit = policy.rateLimit ? Math.floor((policy.rateLimit.limit - 2) / 2) : MAX_PAIRS;
    const perBatch = Math.max(1, Math.min(MAX_PAIRS, lockLimit, rateLimit));

    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    let answer = timingAnswerSoFar(unknownMs, wrongMs);
    let batches = 0;
    let refusedBatches = 0;
    while (answer === 'undecided') {
      // Each later batch starts from cleared counters, so the lockout and rate limit stay out of it.
      if (batches++ > 0) await probe.reset();
      const { username } = await probe.account();
      // Warm-up, not counted: a first call pays one-off costs (a connection, a lazily built dummy
      // hash). The known name gets none: each wrong password there counts towards its lockout.
      if (batches === 1) await probe.attempt(randomUsername(), randomPassword(), { record: false });
      for (let sample = 0; sample < perBatch && answer === 'undecided'; sample++) {
        // Interleaved, so load on the machine hits both sides alike, and in alternating order, so
        // whatever the first request of a pair pays (a busy machine, a cold path) is not one side's.
        const attemptUnknown = (): Promise<Exchange> => probe.attempt(randomUsername(), randomPassword(), { record: unknownMs.length === 0 });
        const attemptWrong = (): Promise<Exchange> => probe.attempt(username, randomPassword(), { record: wrongMs.length === 0 });
        const unknownFirst = wrongMs.length % 2 === 0;
        const first = await (unknownFirst ? attemptUnknown() : attemptWrong());
        const second = await (unknownFirst ? attemptWrong() : attemptUnknown());
        // A lock or a rate limit answered instead of the password check: fast on both sides, so not
        // a sample. Its limits must be tighter than it publishes; start a fresh batch, or give up.
        const refusal = [first, second].find((exchange) => exchange.response.status === 423 || exchange.response.status === 429);
        if (refusal !== undefined) {
          probe.exchanges.push(refusal);
          if (++refusedBatches >= 2) {
            return fail(
              `The stage answered HTTP ${refusal.response.status} before its timing could be measured, within the limits it publishes; publish its real lockout and rate limit so the check can stay under them.`,
            );
          }
          break;
        }
        unknownMs.push((unknownFirst ? first : second).durationMs);
        wrongMs.push((unknownFirst ? second : first).durationMs);
        answer = timingAnswerSoFar(unknownMs, wrongMs);
      }
    }

    const measurements = {
      samplesPerSide: wrongMs.length,
      unknownUserMedianMs: round(median(unknownMs)),
      wrongPasswordMedianMs: round(median(wrongMs)),
    };
    const summary = `median ${measurements.unknownUserMedianMs} ms for unknown users vs ${measurements.wrongPasswordMedianMs} ms for wrong passwords over ${wrongMs.length} samples each`;
    const stoppedEarly = wrongMs.length < MAX_PAIRS ? ` (clear after ${wrongMs.length} of at most ${MAX_PAIRS} pairs)` : '';
    return answer === 'match'
      ? pass(`Indistinguishable: ${summary}${stoppedEarly}.`, measurements)
      : fail(`Response time gives it away: ${summary}${stoppedEarly}. An attacker can tell which usernames exist.`, measurements);
  },
});

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
