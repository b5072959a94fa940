import { defineCheck, fail, notApplicable, pass } from '../check.ts';
import { cookieSignIn, noCookieSession, sameSiteOf } from './cookie-session.ts';

export const cookieFlags = defineCheck({
  id: 'cookie-flags',
  title: 'The session cookie is HttpOnly, Secure and SameSite',
  lesson: '06-lockout',
  hint: 'Set the session cookie with HttpOnly, Secure and SameSite=Strict (or Lax), and name it with the __Host- prefix (which also needs Path=/ and no Domain).',
  budget: 6,
  async decide(probe) {
    const signedIn = await cookieSignIn(probe);
    if (signedIn === undefined) return notApplicable(noCookieSession(probe, 'it keeps no session in a cookie, so there are no cookie flags to check'));
    const { cookie } = signedIn;
    const has = (attribute: string): boolean => cookie.attributes.has(attribute);
    const problems: string[] = [];
    if (!has('httponly')) problems.push('no HttpOnly, so any script on the page (an XSS bug included) can read the session from document.cookie');
    if (!has('secure')) problems.push('no Secure, so the browser also sends it over plain HTTP, where anyone on the path can copy it');
    const sameSite = sameSiteOf(cookie);
    if (sameSite === 'none') problems.push('SameSite=None, so the browser attaches it to requests that any other site starts');
    if (sameSite === 'unset') problems.push('no SameSite, so what other sites can send depends on the browser (Lax in Chromium-based browsers, None in Firefox and Safari)');
    if (cookie.name.startsWith('__Host-') && (cookie.attributes.get('path') !== '/' || has('domain') || !has('secure'))) {
      problems.push('a __Host- name without Secure, Path=/ and no Domain, which browsers refuse to store');
    }
    if (problems.length > 0) return fail(`The session cookie ${cookie.name} has ${problems.join('; ')}.`);
    const prefix = cookie.name.startsWith('__Host-')
      ? ' Its __Host- name means no other site, not even a sibling subdomain, can set or overwrite it.'
      : ' Consider the __Host- prefix too, so no sibling subdomain can plant its own session cookie.';
    return pass(`The session cookie ${cookie.name} is HttpOnly, Secure and SameSite=${sameSite === 'strict' ? 'Strict' : 'Lax'}.${prefix}`);
  },
});
