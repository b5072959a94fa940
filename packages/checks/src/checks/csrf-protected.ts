import { type Exchange, randomUsername } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';
import type { Probe } from '../probe.ts';
import { cookieSignIn, noCookieSession, sameSiteOf } from './cookie-session.ts';

/** Another site's page, as the browser describes it, and whether SameSite lets the cookie come along. */
const SENDERS = [
  { site: 'cross-site', origin: 'https://attacker.example', what: 'a page on another site' },
  // A sibling subdomain is the same *site*: SameSite never holds its requests back.
  { site: 'same-site', origin: 'https://evil.sibling.example', what: 'a page on a sibling subdomain' },
] as const;

export const csrfProtected = defineCheck({
  id: 'csrf-protected',
  title: 'Another site cannot make a signed-in browser change the account',
  lesson: '06-lockout',
  hint: 'Refuse state-changing requests unless Sec-Fetch-Site is same-origin (or, without it, the Origin is exactly your own), accept only JSON bodies, and set the session cookie SameSite=Strict or Lax.',
  budget: 10,
  async decide(probe) {
    const signedIn = await cookieSignIn(probe);
    if (signedIn === undefined)
      return notApplicable(noCookieSession(probe, 'a browser never attaches the credential by itself, so another site cannot forge a signed-in request'));
    if (probe.ownApi !== undefined) {
      return notApplicable(
        'Your API keeps its session in a cookie, but the description format has no way to name a route that changes the account, so no forged request can be tried. Test one by hand: submit a form to such a route from another origin with the cookie set, and expect a refusal.',
      );
    }
    const before = await recoveryEmail(probe, signedIn.header);
    if (before === undefined) return notApplicable('This API has no GET /cookie/account to read the recovery email back, so a change cannot be seen.');
    const sameSite = sameSiteOf(signedIn.cookie);
    const outcomes: string[] = [];
    for (const sender of SENDERS) {
      // Chromium treats an unset SameSite as Lax, but lets such a cookie ride on a cross-site POST
      // for two minutes after it is set; older browsers treat it as None. Either way, it comes along.
      const cookieComesAlong = sender.site === 'same-site' || sameSite === 'none' || sameSite === 'unset';
      const planted = `${randomUsername('csrf')}@example.com`;
      const forged = await probe.send('POST', '/cookie/recovery-email', {
        form: { recoveryEmail: planted },
        headers: { Origin: sender.origin, 'Sec-Fetch-Site': sender.site, 'Sec-Fetch-Mode': 'navigate', ...(cookieComesAlong ? { Cookie: signedIn.header } : {}) },
        unrestricted: true,
      });
      const after = await recoveryEmail(probe, signedIn.header);
      if (after === planted) {
        return fail(
          `A form auto-submitted by ${sender.what} (Origin ${sender.origin}) changed the recovery email to ${planted}: the browser added the session cookie and the server never asked who sent the form.${sender.site === 'same-site' ? ' SameSite does not stop a sibling subdomain; only the server can.' : ''}`,
        );
      }
      outcomes.push(
        `${sender.what}: ${cookieComesAlong ? describeRefusal(forged) : `the browser keeps the SameSite=${sameSite === 'strict' ? 'Strict' : 'Lax'} cookie back`}`,
      );
    }
    return pass(`No forged form changed the recovery email. ${outcomes.join('; ')}.`);
  },
});

async function recoveryEmail(probe: Probe, cookie: string): Promise<string | null | undefined> {
  const account = await probe.cookieAccount(cookie);
  if (account.response.status === 404 || account.response.status === 405) return undefined;
  const body = account.response.body as { recoveryEmail?: unknown } | null;
  if (account.response.status !== 200) throw new Error(`GET /cookie/account answered ${account.response.status}`);
  return typeof body?.recoveryEmail === 'string' ? body.recoveryEmail : null;
}

function describeRefusal(forged: Exchange): string {
  const code = (forged.response.body as { code?: unknown } | null)?.code;
  return `refused with HTTP ${forged.response.status}${typeof code === 'string' ? ` (${code})` : ''}`;
}
