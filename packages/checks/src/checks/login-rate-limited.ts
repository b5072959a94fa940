import { defineCheck, fail, pass } from '../check.ts';
import { randomPassword, randomUsername } from '../random.ts';

/** How many spray attempts to try on a stage that publishes no limit. */
const UNANNOUNCED_BUDGET = 30;

export const loginRateLimited = defineCheck({
  id: 'login-rate-limited',
  title: 'Password spraying is cut off with 429',
  lesson: '06-lockout',
  hint: 'Rate-limit login attempts per client (e.g. express-rate-limit), answering 429 with Retry-After; lockout alone does not stop one password tried on many names.',
  async decide(probe) {
    const limit = (await probe.policy()).rateLimit?.limit;
    const budget = Math.min(100, limit === undefined ? UNANNOUNCED_BUDGET : limit + 1);
    const password = randomPassword();
    for (let attempt = 1; attempt <= budget; attempt++) {
      const exchange = await probe.attempt(randomUsername(), password, { record: attempt <= 2 || attempt === budget });
      if (exchange.response.status === 429) {
        if (attempt > 2 && attempt !== budget) probe.exchanges.push(exchange);
        const retryAfter = exchange.response.headers['retry-after'];
        return pass(`Attempt ${attempt} of one password across new usernames got 429${retryAfter ? ` (Retry-After ${retryAfter} s)` : ''}.`, {
          attemptsBeforeCutOff: attempt - 1,
        });
      }
    }
    return fail(`${budget} attempts of one password across ${budget} usernames were all answered; none got 429.`, {
      attempts: budget,
    });
  },
});
