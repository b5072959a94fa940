/** Random values from Web Crypto, so the attacks run in the browser as well as in Node. */

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Consonants only (no vowel, digit or `l`), so even read as leetspeak they spell no username. */
const CONSONANTS = 'bcdfghjkmnpqrstvwxz';

/** A password no wordlist holds and every password policy accepts, whoever registers with it. */
export function strongPassword(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => CONSONANTS[byte % CONSONANTS.length]).join('');
  return `quartz-${random}-meadow`;
}

/** A username nobody has registered. */
export function unknownUsername(): string {
  return `nobody-${randomHex(5)}`;
}
