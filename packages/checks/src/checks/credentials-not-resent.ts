import { defineCheck, fail, pass } from '../check.ts';

export const credentialsNotResent = defineCheck({
  id: 'credentials-not-resent',
  title: 'The password is sent once, not with every request',
  lesson: '04-basic',
  hint: 'Exchange the password for a session or token at login, and authenticate later requests with that.',
  budget: 6,
  async decide(probe) {
    // Throws, and so fails (n/a on your own API), when the protected route refuses the signed-in account.
    const signedIn = await probe.signInChecked();
    if ('password' in signedIn.caller) {
      return fail('Every request carries the username and password (base64 is an encoding, not encryption).');
    }
    return pass('After login, requests carry a token; the password itself never travels again.');
  },
});
