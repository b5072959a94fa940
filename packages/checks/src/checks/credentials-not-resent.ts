import { succeeded } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';

export const credentialsNotResent = defineCheck({
  id: 'credentials-not-resent',
  title: 'The password is sent once, not with every request',
  lesson: '04-basic',
  hint: 'Exchange the password for a session or token at login, and authenticate later requests with that.',
  budget: 6,
  async decide(probe) {
    const signedIn = await probe.signIn();
    const call = await probe.callProtected(signedIn.caller);
    if (!succeeded(call)) return fail(`${call.request.method} ${call.request.path} answered ${call.response.status} even for a signed-in user.`);
    if ('password' in signedIn.caller) {
      return fail('Every request carries the username and password (base64 is an encoding, not encryption).');
    }
    return pass('After login, requests carry a token; the password itself never travels again.');
  },
});
