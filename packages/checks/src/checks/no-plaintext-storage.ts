import { defineCheck, fail, pass } from '../check.ts';

export const noPlaintextStorage = defineCheck({
  id: 'no-plaintext-storage',
  title: 'Passwords are not stored as typed',
  lesson: '01-plaintext',
  hint: 'Store a slow, salted hash (bcrypt) of the password, never the password itself.',
  async decide(probe) {
    const { password } = await probe.account();
    const breach = await probe.breach();
    if (JSON.stringify(breach.response.body).includes(password)) {
      return fail(`The breach dump contains "${password}" exactly as it was typed: a database leak hands out every account.`);
    }
    return pass('The password does not appear anywhere in the breach dump.');
  },
});
