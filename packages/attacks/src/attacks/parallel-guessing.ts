import { type Exchange, randomPassword, retryAfterOf } from '@authlab/contract';
import { defineAttack, type Verdict } from '../attack.ts';
import { lockoutOverrun } from '../allowance-figure.ts';
import type { AttackContext } from '../context.ts';
import { formatDuration, statusCounts } from '../stats.ts';

const VICTIM = 'alice';
/** Twice a five-failure lockout: enough that wrong guesses also arrive after the lock, beside the right one. */
const BURST_SIZE = 10;
/** The least head start the wrong guesses get over the right one. */
const RIGHT_PASSWORD_DELAY_MS = 5;

/** One guess of the burst and what the stage answered. */
interface Answered {
  password: string;
  reply: Exchange;
}

export const parallelGuessing = defineAttack({
  id: 'parallel-guessing',
  title: 'Parallel guessing',
  description: `Holds ${BURST_SIZE} candidate passwords for ${VICTIM}, one of them right (say, from another site's breach), and fires them all at once, the right one just behind the others. A lockout that reads the lock before checking the password, and counts the failure only after, lets the whole burst be checked.`,
  lesson: '06-lockout',
  needsQuietMachine: true,
  defaultBudget: { maxAttempts: BURST_SIZE, maxDurationMs: 30_000 },
  async execute(context) {
    context.setup(`planting ${context.userName(VICTIM)}`);
    const victim = await context.plantUser(VICTIM);
    const size = burstSize(context);
    context.plan(size);
    if (size === 0 || !context.withinBudget()) {
      return { status: 'refused', figure: '0 guesses', explanation: 'The budget allowed no guess at all.' };
    }

    const wrong = Array.from({ length: size - 1 }, () => randomPassword());
    const started = performance.now();
    const early = wrong.map((password) => guess(context, password, 'wrong'));
    // The right one goes last, once the stage has begun answering the others, so it is checked after
    // them: a lockout that counts each guess as it arrives has locked the name by then; one that
    // counts only after the hash has not.
    if (early.length > 0) await Promise.all([delay(RIGHT_PASSWORD_DELAY_MS), Promise.race(early)]);
    const last = guess(context, victim.password, 'right');
    const answers = await Promise.all([...early, last]);
    return verdict(context, answers, performance.now() - started);
  },
});

/** The whole burst, but never more than the per-client limit lets through: the lockout must answer, not the limiter. */
function burstSize(context: AttackContext): number {
  const wanted = Math.min(BURST_SIZE, context.policy.rateLimit?.limit ?? BURST_SIZE);
  if (wanted > context.budget.maxAttempts) context.ranOutOfBudget = true;
  return Math.max(0, Math.min(wanted, context.budget.maxAttempts));
}

async function guess(context: AttackContext, password: string, group: 'wrong' | 'right'): Promise<Answered> {
  const reply = await context.guess(context.userName(VICTIM), password);
  context.record(reply, password, group);
  return { password, reply };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function verdict(context: AttackContext, answers: readonly Answered[], burstMs: number): Verdict {
  const right = answers.at(-1) as Answered;
  const wrongStatuses = answers.slice(0, -1).map((answer) => answer.reply.response.status);
  const counts = statusCounts(answers.map((answer) => answer.reply.response.status));
  const size = answers.length;
  const refused = (counts[423] ?? 0) + (counts[429] ?? 0);
  // A lock (423) or the rate limit (429) refuses at the door; every other answer had its password checked.
  const verified = size - refused;
  const status = right.reply.response.status;
  const maxFailures = context.lockoutThreshold;
  const victim = context.userName(VICTIM);
  const measurements = {
    burstSize: size,
    verified,
    refusedByLock: counts[423] ?? 0,
    rateLimited: counts[429] ?? 0,
    rightPasswordStatus: status,
    ...(maxFailures === undefined ? {} : { lockoutThreshold: maxFailures }),
    burstDurationMs: Math.round(burstMs),
  };
  // Wrong guesses the stage checked: every wrong one its lock or rate limit did not turn away.
  const wrongChecked = wrongStatuses.filter((status) => status !== 423 && status !== 429).length;
  const promise = maxFailures === undefined ? '' : wrongChecked > maxFailures ? ` (${lockoutOverrun(wrongChecked, maxFailures)})` : ` (the lockout allows ${maxFailures})`;
  const checked = `${verified} of the ${size} guesses sent at once had their password checked${promise}`;
  const tally = describeTally(wrongStatuses);

  if (context.guessSucceeded(right.reply)) {
    return {
      status: 'cracked',
      figure: `${verified}/${size} checked, ${status}`,
      explanation: `${checked}; the right password "${right.password}", sent last, got in. The wrong ones got ${tally}.`,
      measurements,
      findings: [{ subject: victim, value: right.password, detail: `logged in from a burst of ${size}` }],
    };
  }
  if (status === 429) {
    return {
      status: 'rate-limited',
      figure: `429 after ${verified}`,
      explanation: `${checked}; the per-client rate limit answered the right password with 429 before its password was looked at. The wrong ones got ${tally}.`,
      measurements,
      findings: [{ subject: victim, value: 'rate-limited', detail: 'the right password was never checked' }],
    };
  }
  if (wrongStatuses.length > 0 && !wrongStatuses.includes(status)) {
    // No wrong guess got this answer: the difference alone names the right password; the attacker waits out the lock.
    return {
      status: 'cracked',
      figure: `${status} gives it away`,
      explanation: `${checked}; the right password "${right.password}" got ${status} while every wrong one got ${tally}. That different answer alone tells the attacker which password is right.`,
      measurements,
      findings: [{ subject: victim, value: right.password, detail: `singled out by its ${status}` }],
    };
  }
  if (status === 423) {
    const retryAfter = retryAfterOf(right.reply);
    const wait = retryAfter === undefined ? '' : ` (Retry-After ${formatDuration(retryAfter * 1000)})`;
    return {
      status: 'locked-out',
      figure: `${verified}/${size} checked`,
      explanation: `${checked}; the rest, the right password among them, got ${status}${wait} whatever their password, so nothing tells the right one apart. The wrong ones got ${tally}.`,
      measurements,
      findings: [{ subject: victim, value: 'locked', detail: `the right password got ${status} like the other late guesses` }],
    };
  }
  return {
    status: 'refused',
    figure: `${verified}/${size} checked`,
    explanation: `${checked}; the right password was answered ${status}, like wrong ones (${tally}).`,
    measurements,
  };
}

/** `401 ×5, 423 ×4`, lowest code first. */
function describeTally(statuses: readonly number[]): string {
  return Object.entries(statusCounts(statuses))
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
}
