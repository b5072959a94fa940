import { type Exchange, MAX_TIMING_PAIRS, median, randomPassword, randomUsername, timingAnswerSoFar } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';

/** Wrong passwords per account on an API that does not say when it locks: well under any usual threshold. */
const UNKNOWN_LOCKOUT_PAIRS = 2;

export const equalTiming = defineCheck({
  id: 'equal-timing',
  title: 'Unknown users take as long as known ones',
  lesson: '06-lockout',
  hint: 'When the username does not exist, still run a full password verification against a dummy hash at the same cost.',
  freshStage: true,
  budget: 70,
  async decide(probe) {
    const policy = await probe.policy();
    // Stay under the stage's own defences, one request short of each: a locked or rate-limited
    // answer would be fast for both. The first batch also sends one warm-up request.
    const threshold = probe.lockoutThreshold(policy);
    const lockLimit = threshold !== undefined ? threshold - 1 : probe.ownApi !== undefined ? UNKNOWN_LOCKOUT_PAIRS : MAX_TIMING_PAIRS;
    const rateLimit = policy.rateLimit ? Math.floor((policy.rateLimit.limit - 2) / 2) : MAX_TIMING_PAIRS;
    const perBatch = Math.max(1, Math.min(MAX_TIMING_PAIRS, lockLimit, rateLimit));

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
    const stoppedEarly = wrongMs.length < MAX_TIMING_PAIRS ? ` (clear after ${wrongMs.length} of at most ${MAX_TIMING_PAIRS} pairs)` : '';
    return answer === 'match'
      ? pass(`Indistinguishable: ${summary}${stoppedEarly}.`, measurements)
      : fail(`Response time gives it away: ${summary}${stoppedEarly}. An attacker can tell which usernames exist.`, measurements);
  },
});

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
