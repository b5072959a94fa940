import { defineCheck, fail, notApplicable, pass } from '../check.ts';
import { missingFromListing } from './stored-listing.ts';

export const noPlaintextStorage = defineCheck({
  id: 'no-plaintext-storage',
  title: 'Passwords are not stored as typed',
  lesson: '01-plaintext',
  hint: 'Store a slow, salted hash (bcrypt) of the password, never the password itself.',
  budget: 4,
  async decide(probe) {
    const { username, password } = await probe.account();
    const stored = await probe.stored();
    if ('unavailable' in stored) return notApplicable(stored.unavailable);
    const value = stored.values.get(username);
    // A dump without the account (a reset in between, another tab) would pass any stage.
    if (value === undefined) return notApplicable(missingFromListing(stored.values, [username]));
    if (value.includes(password)) {
      return fail(`The stored value for ${username} contains "${password}" exactly as it was typed: a database leak hands out every account.`);
    }
    return pass(`The password does not appear in what is stored for ${username}.`);
  },
});
