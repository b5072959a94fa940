import { defineCheck, fail, pass } from '../check.ts';
import type { Exchange } from '../probe.ts';
import { randomPassword, randomUsername } from '../random.ts';

const SAMPLES_PER_SIDE = 12;
/** Below this, a difference is network and scheduler noise, not a signal. */
const NOISE_FLOOR_MS = 3;
/** Medians further apart than this share of the slower one tell the two cases apart. */
const MAX_RELATIVE_GAP = 0.25;

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
  const [medianA, medianB] = [median(a), median(b)];
  const mediansApart = Math.abs(medianA - medianB) > Math.max(NOISE_FLOOR_MS, MAX_RELATIVE_GAP * Math.max(medianA, medianB));
  const [lowA, highA] = quartiles(a);
  const [lowB, highB] = quartiles(b);
  const middlesApart = highA < lowB || highB < lowA;
  const pairs = Math.min(a.length, b.length);
  let aSlower = 0;
  for (let index = 0; index < pairs; index++) if ((a[index] ?? 0) > (b[index] ?? 0)) aSlower++;
  const consistentlyOrdered = pairs > 0 && (aSlower >= 0.75 * pairs || aSlower <= 0.25 * pairs);
  return !(mediansApart && middlesApart && consistentlyOrdered);
}

export const equalTiming = defineCheck({
  id: 'equal-timing',
  title: 'Unknown users take as long as known ones',
  lesson: '06-lockout',
  hint: 'When the username does not exist, still run a full password verification against a dummy hash at the same cost.',
  async decide(probe) {
    const policy = await probe.policy();
    // Stay under the stage's own defences: a locked or rate-limited answer would be fast for both.
    const lockLimit = policy.lockout ? policy.lockout.maxFailures - 2 : SAMPLES_PER_SIDE;
    const rateLimit = policy.rateLimit ? Math.floor((policy.rateLimit.limit - 2) / 2) : SAMPLES_PER_SIDE;
    const perBatch = Math.max(1, Math.min(SAMPLES_PER_SIDE, lockLimit, rateLimit));

    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    while (wrongMs.length < SAMPLES_PER_SIDE) {
      await probe.reset();
      const username = randomUsername();
      await probe.register(username, randomPassword());
      // Warm-up pair, not counted: first calls pay one-off costs (connections, lazily built dummies).
      await probe.attempt(randomUsername(), randomPassword(), { record: false });
      await probe.attempt(username, randomPassword(), { record: false });
      for (let sample = 0; sample < perBatch && wrongMs.length < SAMPLES_PER_SIDE; sample++) {
        // Interleaved, so load on the machine hits both sides alike, and in alternating order, so
        // whatever the first request of a pair pays (a busy machine, a cold path) is not one side's.
        const attemptUnknown = (): Promise<Exchange> => probe.attempt(randomUsername(), randomPassword(), { record: unknownMs.length === 0 });
        const attemptWrong = (): Promise<Exchange> => probe.attempt(username, randomPassword(), { record: wrongMs.length === 0 });
        const unknownFirst = wrongMs.length % 2 === 0;
        const first = await (unknownFirst ? attemptUnknown() : attemptWrong());
        const second = await (unknownFirst ? attemptWrong() : attemptUnknown());
        unknownMs.push((unknownFirst ? first : second).durationMs);
        wrongMs.push((unknownFirst ? second : first).durationMs);
      }
    }

    const measurements = {
      samplesPerSide: SAMPLES_PER_SIDE,
      unknownUserMedianMs: round(median(unknownMs)),
      wrongPasswordMedianMs: round(median(wrongMs)),
    };
    const summary = `median ${measurements.unknownUserMedianMs} ms for unknown users vs ${measurements.wrongPasswordMedianMs} ms for wrong passwords over ${SAMPLES_PER_SIDE} samples each`;
    return timingsMatch(unknownMs, wrongMs)
      ? pass(`Indistinguishable: ${summary}.`, measurements)
      : fail(`Response time gives it away: ${summary}. An attacker can tell which usernames exist.`, measurements);
  },
});

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
