import { type Exchange, randomPassword, randomUsername, succeeded, type TargetPolicy } from '@authlab/contract';
import { defineCheck, fail, pass, type Verdict } from '../check.ts';
import { type Probe } from '../probe.ts';
import { proveLockoutWindow } from './lockout-window.ts';

/** The least head start the wrong guesses get over the right one. */
const RIGHT_PASSWORD_DELAY_MS = 5;

export const accountLockout = defineCheck({
  id: 'account-lockout',
  title: 'Repeated failures lock the account',
  lesson: '06-lockout',
  hint: 'Count consecutive failures per username (existing or not) and refuse logins for a while after the limit, with 423 and Retry-After. Count each attempt in the same step that checks the lock, before the password is verified, so guesses sent all at once cannot all slip through. Forget failures only at a success or once the published window has passed since the latest one.',
  freshStage: true,
  async decide(probe) {
    const policy = await probe.policy();
    const maxFailures = policy.lockout?.maxFailures ?? 5;
    const { username, password } = await probe.account();
    // The wrong ones together, the right one after all have been answered: any lockout, however
    // late it counts, has counted them by then (whether it counts in time is the burst's question).
    await Promise.all(Array.from({ length: maxFailures }, () => probe.attempt(username, randomPassword())));
    const final = await probe.attempt(username, password);
    if (succeeded(final)) {
      return fail(`After ${maxFailures} wrong passwords the right one still logged in: guessing can go on forever.`);
    }
    if (final.response.status === 429) {
      return fail('The attempt was refused by a rate limit, not by locking the account.');
    }
    const retryAfter = final.response.headers['retry-after'];
    const sequential = `After ${maxFailures} failures even the right password was refused (HTTP ${final.response.status}${retryAfter ? `, Retry-After ${retryAfter} s` : ''}).`;
    const burst = judgeBurst(await sendBurst(probe, policy, maxFailures), maxFailures, sequential);
    if (burst.status !== 'pass') return burst;
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
  const username = randomUsername();
  const password = randomPassword();
  await probe.register(username, password);
  const early = Array.from({ length: size - 1 }, () => probe.attempt(username, randomPassword(), { record: false }));
  // The right one goes last, once the stage has begun answering the others: a lockout that counts
  // each guess as it arrives has locked the name by then; one that counts after the hash has not.
  const headStart = new Promise((resolve) => setTimeout(resolve, RIGHT_PASSWORD_DELAY_MS));
  if (early.length > 0) await Promise.all([headStart, Promise.race(early)]);
  const right = await probe.attempt(username, password);
  const statuses = [...(await Promise.all(early)).map((exchange) => exchange.response.status), right.response.status];
  return { statuses, right };
}

function judgeBurst({ statuses, right }: Burst, maxFailures: number, sequential: string): Verdict {
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
