import { MIN_BCRYPT_COST, classifyStored } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';
import { storedValues } from './breach.ts';

export const slowHash = defineCheck({
  id: 'slow-hash',
  title: 'Passwords use a slow password hash',
  lesson: '03-bcrypt',
  hint: `Hash with Argon2id (19 MiB, 2 iterations, or stronger) or bcrypt at cost ${MIN_BCRYPT_COST} or more, so each guess costs an attacker real time.`,
  async decide(probe) {
    const { username } = await probe.account();
    const stored = storedValues(await probe.breach()).get(username);
    if (stored === undefined) return fail('The breach dump did not list the user just registered.');
    const { slowEnough, detail } = classifyStored(stored);
    return slowEnough
      ? pass(`The stored value is ${detail}: every guess has to pay that cost.`)
      : fail(`The stored value is ${detail}: an attacker can test guesses far too quickly.`);
  },
});
