import { alterOpaqueToken, decodeJWT, succeeded, tamperJWTPayload } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';

export const tamperRejected = defineCheck({
  id: 'tamper-rejected',
  title: 'An altered token is refused',
  lesson: '05-jwt',
  hint: 'Verify the token signature (or look the session up server-side) on every request; never trust decoded claims alone.',
  budget: 6,
  async decide(probe) {
    const signedIn = await probe.signInChecked();
    if (signedIn.token === undefined) return notApplicable('This API issues no tokens to tamper with.');
    const isJWT = decodeJWT(signedIn.token) !== undefined;
    const tampered = isJWT ? tamperJWTPayload(signedIn.token, { sub: 'admin' }) : alterOpaqueToken(signedIn.token);
    if (tampered === undefined) return fail('Could not build a tampered token.');
    const attempt = await probe.callProtected({ token: tampered });
    if (succeeded(attempt)) {
      return fail(isJWT ? 'A JWT whose payload was edited (sub → "admin") with the old signature was accepted.' : 'A token with one character changed was accepted.');
    }
    return pass(`The altered token was refused (HTTP ${attempt.response.status}).`);
  },
});
