import { type Exchange, randomPassword, randomUsername, succeeded, type TargetPolicy } from '@authlab/contract';
import { defineCheck, fail, pass, type Verdict } from '../check.ts';
import { type Probe } from '../probe.ts';
import { proveLockoutWindow } from './lockout-window.ts';

/** The threshold tried when the target does not say its own: the usual one. */
const DEFAULT_THRESHOLD = 5;

/** The least head start the wrong guesses get over the right one. */
const RIGHT_PASSWORD_DELAY_MS = 5;

export const accountLockout = defineCheck({
  id: 'account-lockout',
  title: 'Repeated failures lock the account',
  lesson: '06-lockout',
  hint: 'Count consecutive failures per username (existing or not) and refuse logins for a while after the limit, with 423 and Retry-After. Count each attempt in the same step that checks the lock, before the password is verified, so guesses sent all at once cannot all slip through. Forget failures only at a success or once the published window has passed since the latest one.',
  freshStage: true,
  budget: 60,
  async decide(probe) {
    const policy = await probe.policy();
    const maxFailures = probe.lockoutThreshold(policy) ?? DEFAULT_THRESHOLD;
    const assumed =
      probe.ownApi !== undefined && probe.lockoutThreshold(policy) === undefined
        ? ` (your description gives no known.lockoutThreshold, so ${DEFAULT_THRESHOLD} was tried)`
        : '';
    const { username, password } = await probe.account();
    // The wrong ones together, the right one after all have been answered: any lockout, however
    // late it counts, has counted them by then (whether it counts in time is the burst's question).
    await Promise.all(Array.from({ length: maxFailures }, () => probe.attempt(username, randomPassword())));
    const final = await probe.attempt(username, password);
    if (succeeded(final)) {
      return fail(`After ${maxFailures} wrong passwords${assumed} the right one still logged in: guessing can go on forever.`);
    }
    if (final.response.status === 429) {
      return fail('The attempt was refused by a rate limit, not by locking the account.');
    }
    const retryAfter = final.response.headers['retry-after'];
    const sequential = `After ${maxFailures} failures even the right password was refused (HTTP ${final.response.status}${retryAfter ? `, Retry-After ${retryAfter} s` : ''}).`;
    const burst = judgeBurst(await sendBurst(probe, policy, maxFailures), maxFailures, sequential);
    if (burst.status !== 'pass') return burst;
    if (!probe.hasClock) return pass(`${burst.explanation} Your API has no demo clock, so how long the lock lasts was not tested.`, burst.measurements);
    if (!policy.lockout) return pass(`${burst.explanation} The stage publishes no lockout window, so none was tested.`, burst.measurements);
    const window = await proveLockoutWindow(probe, policy.lockout);
    return { ...window, explanation: `${burst.explanation} ${window.explanation}`, measurements: { ...burst.measurements, ...window.measurements } };
  },
});

interface Burst {
  /** Every answer, in the order the guesses were sent; the right password is the last. */
  statuses: number[];
  right: Exchange;
}

/**
 * Twice the threshold of guesses at one fresh account, all at once, the right password last:
 * a lockout that reads the lock before the password check and counts the failure only after
 * it lets every one of them be checked. Kept within the rate limit, so the lockout answers.
 */
async function sendBurst(probe: Probe, policy: TargetPolicy, maxFailures: number): Promise<Burst> {
  // A clean slate: the sequential part locked its user and spent part of the rate limit.
  await probe.reset();
  const size = Math.min(2 * maxFailures, policy.rateLimit?.limit ?? Number.POSITIVE_INFINITY);
  if (probe.ownApi === undefined) return burstOnce(probe, size);
  // A learner's API cannot be reset: a burst the rate limit cut into is sent again, on a fresh
  // name, once the limit has passed. Waiting out each 429 on its own would reorder the guesses.
  for (let tries = 1; ; tries++) {
    const burst = await burstOnce(probe, size);
    const cutOff = burst.exchanges.find((exchange) => exchange.response.status === 429);
    if (cutOff === undefined || tries === BURST_TRIES) return burst;
    await probe.waitOut(cutOff, { wholeWindow: true });
  }
}

/** How often a burst is sent on a learner's API before a rate-limited one is judged as it is. */
const BURST_TRIES = 3;

async function burstOnce(probe: Probe, size: number): Promise<Burst & { exchanges: Exchange[] }> {
  const username = randomUsername();
  const password = randomPassword();
  await probe.register(username, password);
  const options = { record: false, onRateLimit: 'answer' } as const;
  const early = Array.from({ length: size - 1 }, () => probe.attempt(username, randomPassword(), options));
  // The right one goes last, once the stage has begun answering the others: a lockout that counts
  // each guess as it arrives has locked the name by then; one that counts after the hash has not.
  const headStart = new Promise((resolve) => setTimeout(resolve, RIGHT_PASSWORD_DELAY_MS));
  if (early.length > 0) await Promise.all([headStart, Promise.race(early)]);
  const right = await probe.attempt(username, password, { onRateLimit: 'answer' });
  const exchanges = [...(await Promise.all(early)), right];
  return { statuses: exchanges.map((exchange) => exchange.response.status), right, exchanges };
}

function judgeBurst({ statuses, right }: Burst, maxFailures: number, sequential: string): Verdict {
  if (right.response.status === 429) {
    // The rate limit answered the right password before any password check: the burst says nothing.
    return pass(
      `${sequential} The burst of guesses sent at once could not fit under your rate limit, so whether guesses in flight together slip past the lock was not tested.`,
    );
  }
  const refusal = (status: number): boolean => status === 423 || status === 429;
  // Whatever was not refused at the door had its password checked.
  const verified = statuses.filter((status) => !refusal(status)).length;
  const rightStatus = right.response.status;
  const lateWrong = statuses.slice(0, -1).filter(refusal);
  const measurements = { burstSize: statuses.length, verified, refused: statuses.length - verified, rightPasswordStatus: rightStatus };
  const seen = `${statuses.length} guesses sent at once, the right one last, got ${statuses.slice(0, -1).join(' ')} | right: ${rightStatus}`;
  if (succeeded(right)) {
    return fail(`${sequential} But ${seen}: the right password got in, because guesses in flight together all passed the lock check.`, measurements);
  }
  if (verified > maxFailures) {
    return fail(`${sequential} But ${seen}: ${verified} had their password checked, more than the ${maxFailures} the lockout allows.`, measurements);
  }
  // Without late wrong guesses (a tight rate limit kept the burst small) there is nothing to compare with.
  if (lateWrong.length > 0 && !lateWrong.includes(rightStatus)) {
    return fail(`${sequential} But ${seen}: the right password's answer differs from the other late guesses', which tells an attacker it is right.`, measurements);
  }
  const alike = lateWrong.length > 0 ? ' like the other late guesses' : '';
  return pass(`${sequential} ${seen}: only ${verified} were checked, and the right one was refused${alike}.`, measurements);
}
