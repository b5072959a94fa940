import { MIN_BCRYPT_COST, classifyStored } from '@authlab/contract';
import { defineCheck, fail, notApplicable, pass } from '../check.ts';
import { missingFromListing } from './stored-listing.ts';

export const slowHash = defineCheck({
  id: 'slow-hash',
  title: 'Passwords use a slow password hash',
  lesson: '03-bcrypt',
  hint: `Hash with Argon2id (19 MiB, 2 iterations, or stronger) or bcrypt at cost ${MIN_BCRYPT_COST} or more, so each guess costs an attacker real time.`,
  budget: 4,
  async decide(probe) {
    const { username } = await probe.account();
    const stored = await probe.stored();
    if ('unavailable' in stored) return notApplicable(stored.unavailable);
    const value = stored.values.get(username);
    if (value === undefined) return notApplicable(missingFromListing(stored.values, [username]));
    const { slowEnough, detail } = classifyStored(value);
    return slowEnough
      ? pass(`The stored value is ${detail}: every guess has to pay that cost.`)
      : fail(`The stored value is ${detail}: an attacker can test guesses far too quickly.`);
  },
});
