import { parseArgon2, parseBcrypt, randomUsername } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';
import { missingFromListing } from './stored-listing.ts';

export const saltedHash = defineCheck({
  id: 'salted-hash',
  title: 'Equal passwords are stored differently',
  lesson: '03-bcrypt',
  hint: 'Use a hash with a random per-password salt (Argon2id and bcrypt do this for you).',
  budget: 6,
  async decide(probe) {
    // A second account with the first one's password.
    const { username: first, password } = await probe.account();
    const second = randomUsername();
    const registered = await probe.register(second, password);
    if (!(await probe.registered(registered))) return fail(`Registering a second account answered HTTP ${registered.response.status}, so there was nothing to compare.`);
    const stored = await probe.stored();
    if ('unavailable' in stored) return notApplicable(stored.unavailable);
    const [a, b] = [stored.values.get(first), stored.values.get(second)];
    if (a === undefined || b === undefined) return notApplicable(missingFromListing(stored.values, [first, second]));
    if (a === b) {
      return fail('Two users with the same password have identical stored values: crack one, and you have both.');
    }
    return pass(`Two users with the same password have different stored values${saltsOf(a, b)}, so each needs its own cracking.`);
  },
});

/** Where the format shows it, the two salts themselves: the visible reason the values differ. */
function saltsOf(a: string, b: string): string {
  const salt = (stored: string): string | undefined => parseArgon2(stored)?.salt ?? parseBcrypt(stored)?.salt;
  const [first, second] = [salt(a), salt(b)];
  return first !== undefined && second !== undefined ? ` (salts ${first} and ${second})` : '';
}
