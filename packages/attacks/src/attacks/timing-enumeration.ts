import { type Exchange, median, retryAfterOf, randomPassword, randomUsername, timingAnswerSoFar, timingsMatch } from '@authlab/contract';
import { defineAttack, type Verdict } from '../attack.ts';
import type { AttackContext } from '../context.ts';
import { sleep } from '../sleep.ts';
import { formatDuration, roundTo } from '../stats.ts';

const VICTIM = 'alice';
const DEFAULT_SAMPLES_PER_SIDE = 12;

export const timingEnumeration = defineAttack({
  id: 'timing-enumeration',
  title: 'User enumeration by response time',
  description:
    'Times failed logins for a real name and for unknown names. If only real names pay for a password hash, the clock tells which accounts exist even when the error message does not.',
  lesson: '06-lockout',
  needsQuietMachine: true,
  defaultBudget: { maxAttempts: 2 * DEFAULT_SAMPLES_PER_SIDE, maxDurationMs: 60_000 },
  async execute(context) {
    const samplesPerSide = Math.max(1, Math.floor(context.budget.maxAttempts / 2));
    // Stay under the stage's own defences, one request short of each: a locked or rate-limited
    // answer is fast for both sides. The first batch also sends one warm-up request.
    const { lockoutThreshold } = context;
    const { rateLimit } = context.policy;
    const perBatch = Math.max(
      1,
      Math.min(samplesPerSide, lockoutThreshold ? lockoutThreshold - 1 : samplesPerSide, rateLimit ? Math.floor((rateLimit.limit - 2) / 2) : samplesPerSide),
    );
    context.plan(2 * samplesPerSide);

    const unknownUserMs: number[] = [];
    const knownUserMs: number[] = [];
    let batches = 0;
    // Stops as soon as the answer is clear (see timingAnswerSoFar): four pairs for bcrypt against nothing.
    const undecided = (): boolean => knownUserMs.length < samplesPerSide && timingAnswerSoFar(unknownUserMs, knownUserMs) === 'undecided';
    let victim = VICTIM;
    let refusal: Exchange | undefined;
    while (undecided() && context.withinBudget()) {
      // Between batches the lab lifts the lockout and rate limit, to measure the timing alone; an
      // own API has no such route, so there the counters are waited out and the victim is new.
      if (batches > 0 && !(await liftCounters(context, refusal))) break;
      refusal = undefined;
      batches++;
      context.setup(batches === 1 ? `planting ${context.userName(VICTIM)}` : `batch ${batches}: ${context.stage ? 'resetting counters' : 'a fresh victim'}`);
      // A new round on an own API, so a fresh name there; on a stage, alice again after the reset.
      victim = (await context.plantUser(VICTIM, undefined, batches)).username;
      // Warm-up, not counted: a first call pays one-off costs (a connection, a lazily built dummy
      // hash). The victim gets none: each wrong password there counts towards its lockout.
      if (batches === 1) await context.guess(randomUsername('nobody'), randomPassword());
      for (let pair = 0; pair < perBatch && undecided() && context.withinBudget(); pair++) {
        // Interleaved, so load on the machine hits both sides alike, and in alternating order, so
        // whatever the first request of a pair pays is not always the same side's.
        const guessUnknown = async (): Promise<Exchange> => {
          const reply = await context.guess(randomUsername('nobody'), randomPassword());
          context.record(reply, 'unknown name', 'unknown-user');
          return reply;
        };
        const guessKnown = async (): Promise<Exchange> => {
          const reply = await context.guess(victim, randomPassword());
          context.record(reply, victim, 'known-user');
          return reply;
        };
        const unknownFirst = pair % 2 === 0;
        const unknown = unknownFirst ? await guessUnknown() : undefined;
        const known = await guessKnown();
        const unknownReply = unknown ?? (await guessUnknown());
        // Kept as pairs: both halves of a pair saw the same load on the machine. A lock or the
        // rate limit answers both sides alike, and fast: the batch ends there.
        if (refused(unknownReply) || refused(known)) {
          refusal = refused(known) ? known : unknownReply;
          break;
        }
        if (failed(context, unknownReply) && failed(context, known)) {
          unknownUserMs.push(roundTo(unknownReply.durationMs, 2));
          knownUserMs.push(roundTo(known.durationMs, 2));
        }
      }
    }
    context.recordTiming({ unknownUserMs, knownUserMs });

    const knownMedianMs = roundTo(median(knownUserMs), 1);
    const unknownMedianMs = roundTo(median(unknownUserMs), 1);
    const measurements = {
      samplesPerSide: Math.min(knownUserMs.length, unknownUserMs.length),
      knownUserMedianMs: knownMedianMs,
      unknownUserMedianMs: unknownMedianMs,
      batches,
    };
    const medians = `median ${knownMedianMs} ms for ${victim}, ${unknownMedianMs} ms for unknown names over ${measurements.samplesPerSide} samples each`;
    const lifted = batches > 1 ? ` (measured in ${batches} batches, ${context.stage ? 'counters reset' : 'the rate limit waited out, a fresh victim each'} between them)` : '';
    if (measurements.samplesPerSide === 0) return nothingMeasured(context, refusal, measurements);
    const answer = timingAnswerSoFar(unknownUserMs, knownUserMs);
    // The rule the equal-timing check uses: an attack and a check cannot disagree on "the same time".
    const separate = answer === 'undecided' ? !timingsMatch(knownUserMs, unknownUserMs) : answer === 'differ';
    if (!separate) {
      return {
        status: 'refused',
        figure: `${knownMedianMs} ≈ ${unknownMedianMs} ms`,
        explanation: `Indistinguishable: ${medians}${lifted}.`,
        measurements,
      };
    }
    return {
      status: 'exposed',
      figure: `${knownMedianMs} vs ${unknownMedianMs} ms`,
      explanation: `The clock gives it away: ${medians}${lifted}. Real names pay for a password hash, unknown ones do not.`,
      measurements,
      findings: [{ subject: victim, value: 'exists', detail: `${knownMedianMs} ms vs ${unknownMedianMs} ms` }],
    };
  },
});

/** No pair got through: a lock or the rate limit answered first (the defence is the result), or the budget allowed none. */
function nothingMeasured(context: AttackContext, refusal: Exchange | undefined, measurements: Record<string, number>): Verdict {
  if (refusal === undefined) return { status: 'not-applicable', figure: 'n/a', explanation: 'The budget allowed no timing sample at all.', measurements };
  const status = refusal.response.status;
  return {
    status: status === 423 ? 'locked-out' : 'rate-limited',
    figure: `${status} before any sample`,
    explanation: `${context.targetNoun === 'the stage' ? 'The stage' : 'Your API'} answered ${status} before a single pair of failed logins could be timed, and waiting it out did not fit in the attack's ${formatDuration(context.budget.maxDurationMs)}: nothing to compare.`,
    measurements,
  };
}

function refused(reply: Exchange): boolean {
  return reply.response.status === 423 || reply.response.status === 429;
}

/** A wrong-password answer that went through the password check: what the timing compares. */
function failed(context: AttackContext, reply: Exchange): boolean {
  // A stage answers 401; an own API may answer any 4xx (404 for an unknown name, say).
  return context.stage ? reply.response.status === 401 : reply.response.status >= 400 && reply.response.status < 500;
}

/**
 * Lifts the lockout and rate limit before the next batch: the lab's reset on a stage; on an own
 * API, a fresh victim (a lock holds one name) and a wait for its declared rate-limit window, or
 * as long as its last 429 said. False when that wait does not fit in the time left.
 */
async function liftCounters(context: AttackContext, refusal: Exchange | undefined): Promise<boolean> {
  if (context.stage) {
    await context.labStage().reset();
    return true;
  }
  // A lock holds one name only, and the next victim is new: nothing to wait for.
  if (refusal?.response.status === 423) return true;
  const retryAfterSeconds = refusal === undefined ? undefined : retryAfterOf(refusal);
  const windowMs = (context.policy.rateLimit?.windowSeconds ?? retryAfterSeconds ?? 0) * 1000;
  if (windowMs >= context.remainingMs()) return false;
  context.setup(`waiting ${windowMs / 1000} s for the rate limit's window`);
  await sleep(windowMs, context.signal);
  return true;
}
