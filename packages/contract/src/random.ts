/** Random names and passwords for probes and attacks, from Web Crypto so this runs anywhere. */

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A fresh username that no real account uses. */
export function randomUsername(prefix = 'probe'): string {
  return `${prefix}-${randomHex(5)}`;
}

/**
 * Consonants only: no vowel, no digit and no `l` (leetspeak for i), so however a policy reads
 * them they spell no username or word.
 */
const CONSONANTS = 'bcdfghjkmnpqrstvwxz';

function randomConsonants(count: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(count)), (byte) => CONSONANTS[byte % CONSONANTS.length]).join('');
}

/**
 * A password any sensible policy accepts: 27 characters (NIST SP 800-63B-4 asks for 15), not in
 * a wordlist, no username, run or repeat inside.
 */
export function randomPassword(): string {
  return `orchid-${randomConsonants(12)}-lantern`;
}

/** An ASCII password of exactly `length` bytes (15 or more) that such a policy accepts too: nothing in it repeats. */
export function randomPasswordOfBytes(length: number): string {
  return `orchidlantern-${randomConsonants(length)}`.slice(0, length);
}
