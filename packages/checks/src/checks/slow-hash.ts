import { describeArgon2, meetsOWASPMinimum, parseArgon2 } from '../argon2.ts';
import { defineCheck, fail, pass } from '../check.ts';
import { storedValues } from './breach.ts';

/** bcrypt's minimum sensible work factor; below it, guessing is too cheap. */
const MIN_BCRYPT_COST = 10;

/** What a stored value looks like, and whether it is a slow password hash with enough work. */
export function classifyStored(stored: string): { scheme: string; slowEnough: boolean; detail: string } {
  const bcrypt = /^\$2[abxy]\$(\d{2})\$/.exec(stored);
  if (bcrypt) {
    const cost = Number(bcrypt[1]);
    return { scheme: 'bcrypt', slowEnough: cost >= MIN_BCRYPT_COST, detail: `bcrypt with cost ${cost} (2^${cost} rounds)` };
  }
  const argon2 = parseArgon2(stored);
  if (argon2) {
    const enough = meetsOWASPMinimum(argon2);
    const verdict = enough ? 'a memory-hard password hash at or above OWASP\'s minimum' : 'below every one of OWASP\'s minimum settings';
    return { scheme: argon2.variant, slowEnough: enough, detail: `${describeArgon2(argon2)}: ${verdict}` };
  }
  if (stored.startsWith('$scrypt$') || stored.startsWith('$7$')) {
    return { scheme: 'scrypt', slowEnough: true, detail: 'scrypt, a memory-hard password hash' };
  }
  if (/^[0-9a-f]{64}$/i.test(stored)) return { scheme: 'sha256', slowEnough: false, detail: 'a 64-hex-digit digest, like SHA-256' };
  return { scheme: 'unknown', slowEnough: false, detail: 'not a recognised password hash' };
}

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
