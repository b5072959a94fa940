import { type Exchange, succeeded } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';

export const refreshSingleUse = defineCheck({
  id: 'refresh-single-use',
  title: 'A spent refresh token is refused',
  lesson: '05-jwt',
  hint: 'Rotate refresh tokens: mark each one used when it is exchanged, and refuse (and revoke the family) on reuse.',
  async decide(probe) {
    // The run's shared login tells whether there are refresh tokens at all; spending one takes a
    // login of its own, so the shared one keeps what other checks may read.
    if ((await probe.signIn()).refreshToken === undefined) return notApplicable('This stage issues no refresh tokens.');
    const signedIn = await probe.signIn({ fresh: true });
    const refresh = (): Promise<Exchange> => probe.send('POST', '/refresh', { json: { refreshToken: signedIn.refreshToken } });
    const first = await refresh();
    if (!succeeded(first)) return fail(`The first refresh was refused (HTTP ${first.response.status}).`);
    const second = await refresh();
    if (succeeded(second)) return fail('The same refresh token worked twice: a stolen copy keeps working.');
    return pass(`The second use of the refresh token was refused (HTTP ${second.response.status}).`);
  },
});
