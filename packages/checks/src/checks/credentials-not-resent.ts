import { succeeded } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';

export const credentialsNotResent = defineCheck({
  id: 'credentials-not-resent',
  title: 'The password is sent once, not with every request',
  lesson: '04-basic',
  hint: 'Exchange the password for a session or token at login, and authenticate later requests with that.',
  async decide(probe) {
    const signedIn = await probe.signIn();
    const records = await probe.records(signedIn.authorization);
    if (!succeeded(records)) return fail(`GET /records answered ${records.response.status} even for a signed-in user.`);
    if (signedIn.authorization.startsWith('Basic ')) {
      return fail('Every request carries the username and password (base64 is an encoding, not encryption).');
    }
    return pass('After login, requests carry a token; the password itself never travels again.');
  },
});
