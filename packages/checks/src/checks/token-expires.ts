import { decodeJWT, succeeded } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';

/** The longest access-token lifetime we accept. */
const MAX_TTL_SECONDS = 60 * 60;
/** On an API without a demo clock, a token that lives at most this long is waited out for real. */
const LONGEST_REAL_WAIT_SECONDS = 90;

export const tokenExpires = defineCheck({
  id: 'token-expires',
  title: 'Tokens expire within an hour',
  lesson: '05-jwt',
  hint: 'Give access tokens a short lifetime (minutes, at most an hour) and refuse them after it; use refresh tokens for longer sessions.',
  budget: 6,
  async decide(probe) {
    const signedIn = await probe.signInChecked();
    if (signedIn.token === undefined) return notApplicable('This API issues no tokens: the password is sent every time.');

    const claims = decodeJWT(signedIn.token)?.payload;
    const lifetimeSeconds = typeof claims?.exp === 'number' ? claims.exp - (typeof claims.iat === 'number' ? claims.iat : Date.now() / 1000) : undefined;
    if (claims !== undefined && lifetimeSeconds === undefined)
      return fail('The JWT has no `exp` claim: nothing in it ends its life, so unless the server keeps its own record of every token, it works forever.');
    if (lifetimeSeconds !== undefined && lifetimeSeconds > MAX_TTL_SECONDS) {
      return fail(`The token lives ${Math.round(lifetimeSeconds)} s, longer than an hour.`, { lifetimeSeconds });
    }

    // An opaque token says nothing; a learner's description may say how long it lives.
    const declaredSeconds = lifetimeSeconds === undefined ? probe.ownApi?.known?.accessTokenSeconds : undefined;
    if (declaredSeconds !== undefined && declaredSeconds > MAX_TTL_SECONDS) {
      return fail(`Your description says an access token lives ${declaredSeconds} s (known.accessTokenSeconds), longer than an hour.`, { lifetimeSeconds: declaredSeconds });
    }
    const waitSeconds = Math.ceil(lifetimeSeconds ?? declaredSeconds ?? MAX_TTL_SECONDS) + 1;
    if (!probe.hasClock && waitSeconds > LONGEST_REAL_WAIT_SECONDS) {
      // Someone else's API has no demo clock: what the token says is all there is to read.
      if (lifetimeSeconds === undefined) {
        return notApplicable(
          `The token is not a JWT, so its lifetime cannot be read, and your API has no demo clock to move past it. To let the check watch it expire, run your API with a lifetime of ${LONGEST_REAL_WAIT_SECONDS} s or less and say so in known.accessTokenSeconds.`,
        );
      }
      return pass(
        `The JWT says it expires ${Math.round(lifetimeSeconds)} s after it was issued (exp − iat). Read from the token, not watched: without a demo clock the check does not wait that long, so it trusts your JWT library to refuse an expired token, as they do unless told not to. To watch it happen, run your API with a lifetime of ${LONGEST_REAL_WAIT_SECONDS} s or less and say so in known.accessTokenSeconds.`,
        { lifetimeSeconds },
      );
    }
    if (probe.hasClock) await probe.advanceClock(waitSeconds);
    else await probe.wait(waitSeconds);
    const later = await probe.callProtected(signedIn.caller);
    if (succeeded(later)) {
      return fail(`The token still works ${waitSeconds} s later: a stolen token never stops working.`, { waitSeconds });
    }
    return pass(`The token was refused ${waitSeconds} s after it was issued (HTTP ${later.response.status}).`, {
      waitSeconds,
      ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
    });
  },
});
