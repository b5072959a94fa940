import type { Exchange } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';

export const refreshSingleUse = defineCheck({
  id: 'refresh-single-use',
  title: 'A spent refresh token is refused',
  lesson: '05-jwt',
  hint: 'Rotate refresh tokens: mark each one used when it is exchanged, and refuse (and revoke the family) on reuse.',
  budget: 12,
  async decide(probe) {
    // The run's shared login tells whether there are refresh tokens at all; spending one takes a
    // login of its own, so the shared one keeps what other checks may read.
    const api = await probe.api();
    if (api.description.refresh === undefined)
      return notApplicable('The description has no refresh step: add refresh (its path, body and where the login answer carries the refresh token).');
    if ((await probe.signIn()).refreshToken === undefined) return notApplicable('This API issues no refresh tokens where its description says.');
    const { refreshToken } = await probe.signIn({ fresh: true });
    if (refreshToken === undefined) return fail('A second login gave no refresh token.');
    const refresh = async (): Promise<Exchange> => (await api.refresh(refreshToken)).exchange;
    const first = await refresh();
    if (!api.succeeded('refresh', first)) return fail(`The first refresh was refused (HTTP ${first.response.status}).`);
    const second = await refresh();
    if (api.succeeded('refresh', second)) return fail('The same refresh token worked twice: a stolen copy keeps working.');
    return pass(`The second use of the refresh token was refused (HTTP ${second.response.status}).`);
  },
});
