import { defineCheck, fail, pass } from '../check.ts';
import { randomPassword, randomUsername } from '../random.ts';
import { storedValues } from './breach.ts';

export const saltedHash = defineCheck({
  id: 'salted-hash',
  title: 'Equal passwords are stored differently',
  lesson: '03-bcrypt',
  hint: 'Use a hash with a random per-password salt (bcrypt does this for you).',
  async decide(probe) {
    const password = randomPassword();
    const first = randomUsername();
    const second = randomUsername();
    await probe.register(first, password);
    await probe.register(second, password);
    const stored = storedValues(await probe.breach());
    const [a, b] = [stored.get(first), stored.get(second)];
    if (a === undefined || b === undefined) return fail('The breach dump did not list both users just registered.');
    if (a === b) {
      return fail('Two users with the same password have identical stored values: crack one, and you have both.');
    }
    return pass('Two users with the same password have different stored values, so each needs its own cracking.');
  },
});
