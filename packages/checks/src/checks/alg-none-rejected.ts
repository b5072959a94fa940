import { decodeJWT, succeeded, unsignedJWT } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';

export const algNoneRejected = defineCheck({
  id: 'alg-none-rejected',
  title: 'An unsigned JWT (alg: none) is refused',
  lesson: '05-jwt',
  hint: 'Pin the accepted algorithm when verifying (e.g. only HS256) so a token cannot choose "none".',
  budget: 6,
  async decide(probe) {
    const signedIn = await probe.signInChecked();
    const decoded = signedIn.token === undefined ? undefined : decodeJWT(signedIn.token);
    if (decoded === undefined) return notApplicable('This API does not use JWTs.');
    const forged = unsignedJWT(decoded.payload);
    const attempt = await probe.callProtected({ token: forged });
    if (succeeded(attempt)) return fail('A token with `alg: none` and no signature was accepted: anyone can mint tokens.');
    return pass(`The unsigned token was refused (HTTP ${attempt.response.status}).`);
  },
});
