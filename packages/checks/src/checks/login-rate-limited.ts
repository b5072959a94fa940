import { type Exchange, randomPassword, randomUsername } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';
import type { Probe } from '../probe.ts';

/** How many spray attempts to try on a stage that publishes no limit. */
const UNANNOUNCED_BUDGET = 30;
/**
 * Attempts in flight at once, within the published limit. A stage that hashes a dummy for
 * unknown names answers several at once on several cores, so the check waits far less.
 */
const WAVE = 5;

export const loginRateLimited = defineCheck({
  id: 'login-rate-limited',
  title: 'Password spraying is cut off with 429',
  lesson: '06-lockout',
  hint: 'Rate-limit login attempts per client (e.g. express-rate-limit), answering 429 with Retry-After; lockout alone does not stop one password tried on many names.',
  freshStage: true,
  // A first spray the earlier checks' logins cut short (at most one wave and its 429), then a full one.
  budget: 107,
  async decide(probe) {
    const limit = (await probe.policy()).rateLimit?.limit;
    const budget = Math.min(100, limit === undefined ? UNANNOUNCED_BUDGET : limit + 1);
    const password = randomPassword();
    let spray = await sprayOnce(probe, password, limit, budget);
    // A learner's API cannot be reset: when the checks before this one used up its limit, wait
    // for the window to pass and spray again, so the count shows the limit itself.
    if (probe.ownApi !== undefined && spray.cutOff !== undefined && spray.answered < (limit ?? WAVE)) {
      await probe.waitOut(spray.cutOff, { wholeWindow: true });
      probe.exchanges.length = 0;
      spray = await sprayOnce(probe, password, limit, budget);
    }
    const { answered, cutOff } = spray;
    if (cutOff !== undefined && answered === 0) {
      return notApplicable('Every attempt got 429, the first one too, so nothing shows where the limit starts. Wait for the limit to pass and run the check again.');
    }
    if (cutOff !== undefined) {
      const retryAfter = cutOff.response.headers['retry-after'];
      const shared = probe.ownApi !== undefined && limit !== undefined && answered < limit ? ' (earlier logins in the same window count against the limit too)' : '';
      const attempts = `${answered} attempt${answered === 1 ? '' : 's'}`;
      return pass(`After ${attempts} of one password across new usernames${shared}, the next got 429${retryAfter ? ` (Retry-After ${retryAfter} s)` : ''}.`, {
        attemptsBeforeCutOff: answered,
      });
    }
    return fail(`${budget} attempts of one password across ${budget} usernames were all answered; none got 429.`, {
      attempts: budget,
    });
  },
});

/** One spray: attempts until the first 429 or the budget; the first answers and the refusal (or the last answer) become evidence. */
async function sprayOnce(probe: Probe, password: string, limit: number | undefined, budget: number): Promise<{ answered: number; cutOff?: Exchange }> {
  let answered = 0;
  for (let sent = 0; sent < budget;) {
    // The attempts a published limit allows go in waves; the one past it goes alone, once they
    // are all answered, so a limiter that counts an attempt only when it is answered sees what a
    // one-at-a-time sprayer would show it. Without a published limit: one at a time.
    const wave = limit !== undefined && sent < limit ? Math.min(WAVE, limit - sent) : 1;
    const exchanges = await Promise.all(Array.from({ length: wave }, () => probe.attempt(randomUsername(), password, { record: false, onRateLimit: 'answer' })));
    sent += wave;
    const cutOff = exchanges.find((exchange) => exchange.response.status === 429);
    answered += exchanges.filter((exchange) => exchange.response.status !== 429).length;
    if (probe.exchanges.length < 2) probe.exchanges.push(...exchanges.filter((exchange) => exchange !== cutOff).slice(0, 2 - probe.exchanges.length));
    if (cutOff !== undefined) {
      probe.exchanges.push(cutOff);
      return { answered, cutOff };
    }
    if (sent === budget) probe.exchanges.push(...exchanges.slice(-1));
  }
  return { answered };
}
