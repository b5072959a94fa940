import { decodeJWT, succeeded } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';

/** The longest access-token lifetime we accept. */
const MAX_TTL_SECONDS = 60 * 60;

export const tokenExpires = defineCheck({
  id: 'token-expires',
  title: 'Tokens expire within an hour',
  lesson: '05-jwt',
  hint: 'Give access tokens a short lifetime (minutes, at most an hour) and refuse them after it; use refresh tokens for longer sessions.',
  async decide(probe) {
    const signedIn = await probe.signIn();
    if (signedIn.token === undefined) return notApplicable('This stage issues no tokens: the password is sent every time.');

    const claims = decodeJWT(signedIn.token)?.payload;
    const lifetimeSeconds = typeof claims?.exp === 'number' ? claims.exp - (typeof claims.iat === 'number' ? claims.iat : Date.now() / 1000) : undefined;
    if (claims !== undefined && lifetimeSeconds === undefined) return fail('The JWT has no `exp` claim: it is valid forever.');
    if (lifetimeSeconds !== undefined && lifetimeSeconds > MAX_TTL_SECONDS) {
      return fail(`The token lives ${Math.round(lifetimeSeconds)} s, longer than an hour.`, { lifetimeSeconds });
    }

    const waitSeconds = Math.ceil(lifetimeSeconds ?? MAX_TTL_SECONDS) + 1;
    await probe.advanceClock(waitSeconds);
    const later = await probe.records(signedIn.authorization);
    if (succeeded(later)) {
      return fail(`The token still works ${waitSeconds} s later: a stolen token never stops working.`, { waitSeconds });
    }
    return pass(`The token was refused ${waitSeconds} s after it was issued (HTTP ${later.response.status}).`, {
      waitSeconds,
      ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
    });
  },
});
