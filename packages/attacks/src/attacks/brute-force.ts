import { retryAfterOf } from '@authlab/contract';
import { defineAttack, type Verdict } from '../attack.ts';
import { lockoutOverrun } from '../allowance-figure.ts';
import type { AttackContext } from '../context.ts';
import { approximately, formatDuration, perSecond, roundTo } from '../stats.ts';
import { WORDLIST } from '../wordlist.ts';

const VICTIM = 'alice';
/** The 10th most common password: found in seconds, but only after more failures than a lockout allows. */
const VICTIM_PASSWORD = WORDLIST[9] ?? 'dragon';

export const bruteForce = defineAttack({
  id: 'brute-force',
  title: 'Brute force one account',
  description: `Guesses ${VICTIM}'s password from a list of the ${WORDLIST.length} most common passwords, most common first, as fast as the stage answers.`,
  lesson: '06-lockout',
  defaultBudget: { maxAttempts: WORDLIST.length, maxDurationMs: 60_000 },
  async execute(context) {
    context.setup(`planting ${context.userName(VICTIM)} with a common password`);
    const victim = await context.plantUser(VICTIM, VICTIM_PASSWORD);
    const refusal = victim.refusedPassword ? ` The password policy would not even let ${victim.username} choose "${victim.refusedPassword.password}".` : '';
    context.plan(WORDLIST.length);

    const started = performance.now();
    for (const password of WORDLIST) {
      if (!context.withinBudget()) break;
      const reply = await context.guess(victim.username, password);
      context.record(reply, password);
      const elapsedMs = performance.now() - started;
      if (context.guessSucceeded(reply)) return cracked(context, victim.username, password, elapsedMs);
      // The defence answering is the result, not an error: the attack stops and reports it.
      if (reply.response.status === 423 || reply.response.status === 429) return stopped(context, victim.username, reply.response.status, retryAfterOf(reply), refusal);
    }
    const rate = perSecond(context.attemptCount, performance.now() - started);
    return {
      status: 'refused',
      figure: `0/${context.attemptCount} guesses`,
      explanation: `${context.attemptCount} guesses at ${approximately(rate)}/s, none right.${refusal}`,
      measurements: { attempts: context.attemptCount, attemptsPerSecond: roundTo(rate, 1) },
    };
  },
});

function cracked(context: AttackContext, victim: string, password: string, elapsedMs: number): Verdict {
  const attempts = context.attemptCount;
  const rate = perSecond(attempts, elapsedMs);
  // A lockout in the policy that still let more wrong guesses be checked is itself a finding
  // (its counters kept in each process's memory, say): the figure is what this run saw.
  const maxFailures = context.lockoutThreshold;
  const overrun = maxFailures !== undefined && attempts - 1 > maxFailures ? ` ${lockoutOverrun(attempts - 1, maxFailures)}.` : '';
  return {
    status: 'cracked',
    figure: `#${attempts} in ${formatDuration(elapsedMs)}`,
    explanation: `Cracked ${victim}'s password "${password}" on guess ${attempts} after ${formatDuration(elapsedMs)} (${approximately(rate)} guesses/s); nothing slowed the guessing down.${overrun}`,
    measurements: { attempts, attemptsPerSecond: roundTo(rate, 1), timeToCrackMs: Math.round(elapsedMs), failuresBeforeCutOff: attempts - 1 },
    findings: [{ subject: victim, value: password, detail: `guess ${attempts}` }],
  };
}

/** Lockout or rate limit: how many guesses got through, and what the whole list would now cost. */
function stopped(context: AttackContext, victim: string, status: 423 | 429, retryAfterSeconds: number | undefined, refusal: string): Verdict {
  const through = context.attemptCount - 1;
  const { lockout, rateLimit } = context.policy;
  // With the defence in place an attacker gets `through` guesses per window, then waits.
  // A lock's Retry-After is its whole length; a rate limit's is only what is left of its window.
  const windowSeconds = status === 423 ? (lockout?.lockSeconds ?? retryAfterSeconds) : rateLimit?.windowSeconds;
  const wordlistSeconds = windowSeconds !== undefined && through > 0 ? Math.ceil(WORDLIST.length / through) * windowSeconds : undefined;
  const wait = retryAfterSeconds === undefined ? '' : `, Retry-After ${retryAfterSeconds} s`;
  const cost = wordlistSeconds === undefined ? '' : ` At that pace the whole list would take ${formatDuration(wordlistSeconds * 1000)}.`;
  const maxFailures = context.lockoutThreshold;
  const overrun = status === 423 && maxFailures !== undefined && through > maxFailures ? ` ${lockoutOverrun(through, maxFailures)}.` : '';
  return {
    status: status === 423 ? 'locked-out' : 'rate-limited',
    figure: `${status} after ${through}`,
    explanation: `${through} guesses got through, then ${context.targetNoun} answered ${status} (${status === 423 ? 'account locked' : 'rate-limited'}${wait}).${overrun}${cost}${refusal}`,
    measurements: {
      attempts: context.attemptCount,
      failuresBeforeCutOff: through,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(wordlistSeconds === undefined ? {} : { wordlistAtThisPaceSeconds: wordlistSeconds }),
    },
    findings: [{ subject: victim, value: status === 423 ? 'locked' : 'rate-limited', detail: `after ${through} wrong guesses` }],
  };
}
