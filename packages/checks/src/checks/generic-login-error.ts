import { randomPassword, randomUsername } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';

export const genericLoginError = defineCheck({
  id: 'generic-login-error',
  title: 'Unknown user and wrong password look the same',
  lesson: '06-lockout',
  hint: 'Answer every failed login with one status and one message, e.g. 401 "Invalid credentials".',
  budget: 8,
  async decide(probe) {
    const { username } = await probe.account();
    const unknown = await probe.attempt(randomUsername(), randomPassword());
    const wrong = await probe.attempt(username, randomPassword());
    if (await probe.loggedIn(wrong)) return fail(`A wrong password logged in (HTTP ${wrong.response.status}): the API does not check passwords.`);
    if (await probe.loggedIn(unknown)) return fail(`A username that was never registered logged in (HTTP ${unknown.response.status}).`);
    const sameStatus = unknown.response.status === wrong.response.status;
    const sameBody = JSON.stringify(unknown.response.body) === JSON.stringify(wrong.response.body);
    if (sameStatus && sameBody) return pass('Both failures got the same status and the same body.');
    return fail(
      `An unknown user got ${unknown.response.status} ${JSON.stringify(unknown.response.body)}, a wrong password got ` +
        `${wrong.response.status} ${JSON.stringify(wrong.response.body)}: an attacker can list which usernames exist.`,
    );
  },
});
