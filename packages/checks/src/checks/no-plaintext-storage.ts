import { defineCheck, fail, pass } from '../check.ts';
import { storedValues } from './breach.ts';

export const noPlaintextStorage = defineCheck({
  id: 'no-plaintext-storage',
  title: 'Passwords are not stored as typed',
  lesson: '01-plaintext',
  hint: 'Store a slow, salted hash (bcrypt) of the password, never the password itself.',
  async decide(probe) {
    const { username, password } = await probe.account();
    const breach = await probe.breach();
    // A dump without the account (a reset in between, another tab) would pass any stage.
    if (!storedValues(breach).has(username)) return fail('The breach dump did not list the account just registered, so it shows nothing about how it is stored.');
    if (JSON.stringify(breach.response.body).includes(password)) {
      return fail(`The breach dump contains "${password}" exactly as it was typed: a database leak hands out every account.`);
    }
    return pass('The password does not appear anywhere in the breach dump.');
  },
});
