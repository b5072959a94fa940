import { type Exchange, randomUsername } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';

/** One weak password to try, each on a fresh account so one refusal cannot hide another. */
interface WeakPassword {
  what: string;
  password(username: string): string;
}

/**
 * What NIST SP 800-63B-4 asks a single-factor password policy to refuse. Each is otherwise
 * harmless, so only the rule it targets can turn it away.
 */
const WEAK_PASSWORDS: readonly WeakPassword[] = [
  { what: 'a 13-character passphrase (the minimum is 15)', password: () => 'violet-kettle' },
  { what: 'a password from the breached-password lists', password: () => 'qwerty123456789' },
  { what: 'a common password in leetspeak with digits added', password: () => 'P@ssw0rd12345678' },
  { what: 'a passphrase with the username in it', password: (username) => `kettle-${username}-harbor` },
];

export const passwordPolicy = defineCheck({
  id: 'password-policy',
  title: 'Weak passwords are refused',
  lesson: '06-lockout',
  hint:
    'At registration, refuse passwords under 15 characters, those on a breached-password list, their usual variants ' +
    '(case, leetspeak, digits or symbols added, repeats, keyboard runs), and any containing the username.',
  budget: 12,
  async decide(probe) {
    // The run's account has a strong password: if even it is refused, refusals say nothing about weak ones.
    await probe.account();
    // All at once: separate accounts, so no answer depends on another, and a stage that accepts
    // them hashes them side by side instead of one after another.
    const tries = await Promise.all(
      WEAK_PASSWORDS.map(async (weak) => {
        const username = randomUsername();
        const password = weak.password(username);
        return { weak, password, registration: await probe.register(username, password, { record: false }) };
      }),
    );
    // Evidence in the list's order, whatever order the answers came in.
    probe.exchanges.push(...tries.map((tried) => tried.registration));
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const { weak, password, registration } of tries) {
      if (registration.response.status === 429) return fail(`Registration of ${weak.what} was rate-limited (HTTP 429), so the policy could not be seen.`);
      if (registration.response.status >= 500)
        return fail(`Registration of ${weak.what} answered HTTP ${registration.response.status}: a server error, not a refusal that says why.`);
      ((await probe.registered(registration)) ? accepted : refused).push(summarize(weak, password, registration));
    }
    if (accepted.length > 0) {
      return fail(`Registration accepted ${accepted.join('; ')}. Attackers try these first.`);
    }
    return pass(`All ${refused.length} weak passwords were refused: ${refused.join('; ')}.`);
  },
});

function summarize(weak: WeakPassword, password: string, exchange: Exchange): string {
  return `${weak.what}, "${password}" (HTTP ${exchange.response.status})`;
}
