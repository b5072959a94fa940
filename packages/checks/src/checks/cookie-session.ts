import { type Exchange, type SetCookie, setCookiesOf, succeeded } from '@authlab/contract';
import type { Probe } from '../probe.ts';

export interface CookieSignIn {
  /** The session cookie as `Set-Cookie` set it. */
  cookie: SetCookie;
  /** The `Cookie` header a browser would send back. */
  header: string;
  /** The login that set it. */
  login: Exchange;
}

/**
 * Logs the run's account in through `POST /cookie/login`, once for the checks of a run that
 * share the stage (reading the cookie and sending it along spend nothing). Undefined when the
 * API has no such route (404 or 405): it keeps no session in a cookie, so the cookie checks do
 * not apply.
 */
export function cookieSignIn(probe: Probe): Promise<CookieSignIn | undefined> {
  return probe.sharedSetup(
    'cookie-login',
    () => cookieLogIn(probe),
    (signedIn) => (signedIn === undefined ? [] : [signedIn.login]),
  );
}

async function cookieLogIn(probe: Probe): Promise<CookieSignIn | undefined> {
  if (probe.ownApi !== undefined) return ownCookieLogIn(probe);
  const { username, password } = await probe.account();
  const login = await probe.cookieLogin(username, password);
  if (login.response.status === 404 || login.response.status === 405) return undefined;
  if (!succeeded(login)) throw new Error(`POST /cookie/login answered ${login.response.status}`);
  // The session cookie is the one the login set; a login that sets several names its session first.
  const cookie = setCookiesOf(login)[0];
  if (cookie === undefined) throw new Error('POST /cookie/login succeeded without setting a cookie');
  return { cookie, header: `${cookie.name}=${cookie.value}`, login };
}

/** A learner's API whose login answers with its token in a cookie: that cookie is the session. */
async function ownCookieLogIn(probe: Probe): Promise<CookieSignIn | undefined> {
  const location = probe.ownApi?.login?.token;
  if (location === undefined || !('cookie' in location)) return undefined;
  const { username, password } = await probe.account();
  const login = await (await probe.api()).login(username, password);
  const cookie = setCookiesOf(login.exchange).find((candidate) => candidate.name === location.cookie);
  if (cookie === undefined) throw new Error(`the login answered ${login.exchange.response.status} without setting the cookie ${location.cookie}`);
  return { cookie, header: `${cookie.name}=${cookie.value}`, login: login.exchange };
}

/** Why the cookie checks do not apply to a target that keeps no session in a cookie, and so what. */
export function noCookieSession(probe: Probe, consequence: string): string {
  return probe.ownApi === undefined
    ? `This API has no cookie login (POST /cookie/login): ${consequence}.`
    : `Your API's login answers with its token in the body or a header, not in a cookie (login.token is not { cookie: … }): ${consequence}.`;
}

/** SameSite as a browser reads it: `none`, `lax`, `strict`, or `unset` when the cookie does not say. */
export function sameSiteOf(cookie: SetCookie): 'none' | 'lax' | 'strict' | 'unset' {
  const value = cookie.attributes.get('samesite')?.toLowerCase();
  return value === 'none' || value === 'lax' || value === 'strict' ? value : 'unset';
}
