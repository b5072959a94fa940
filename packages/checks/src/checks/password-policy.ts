import { defineCheck, fail, pass } from '../check.ts';
import { succeeded } from '../probe.ts';
import { randomUsername } from '../random.ts';

/** Near the top of every leaked-password list, and 8 characters, so a length rule alone lets it in. */
const COMMON_PASSWORD = 'password';

export const passwordPolicy = defineCheck({
  id: 'password-policy',
  title: 'Common passwords are refused',
  lesson: '06-lockout',
  hint: 'At registration, refuse passwords found in a list of common or breached passwords (and very short ones).',
  async decide(probe) {
    const registration = await probe.register(randomUsername(), COMMON_PASSWORD);
    if (succeeded(registration)) return fail(`Registering with "${COMMON_PASSWORD}" succeeded: it is the first guess in every wordlist.`);
    return pass(`Registering with "${COMMON_PASSWORD}" was refused (HTTP ${registration.response.status}).`);
  },
});
