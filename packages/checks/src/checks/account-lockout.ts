import { defineCheck, fail, pass } from '../check.ts';
import { succeeded } from '../probe.ts';
import { randomPassword, randomUsername } from '../random.ts';

export const accountLockout = defineCheck({
  id: 'account-lockout',
  title: 'Repeated failures lock the account',
  lesson: '06-lockout',
  hint: 'Count consecutive failures per username (existing or not) and refuse logins for a while after the limit, with 423 and Retry-After.',
  async decide(probe) {
    const maxFailures = (await probe.policy()).lockout?.maxFailures ?? 5;
    const username = randomUsername();
    const password = randomPassword();
    await probe.register(username, password);
    for (let attempt = 0; attempt < maxFailures; attempt++) await probe.attempt(username, randomPassword());
    const final = await probe.attempt(username, password);
    if (succeeded(final)) {
      return fail(`After ${maxFailures} wrong passwords the right one still logged in: guessing can go on forever.`);
    }
    if (final.response.status === 429) {
      return fail('The attempt was refused by a rate limit, not by locking the account.');
    }
    const retryAfter = final.response.headers['retry-after'];
    return pass(
      `After ${maxFailures} failures even the right password was refused (HTTP ${final.response.status}` +
        `${retryAfter ? `, Retry-After ${retryAfter} s` : ''}).`,
    );
  },
});
