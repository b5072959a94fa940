/** Random names and passwords for probes, from Web Crypto so this runs anywhere. */

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A fresh username that no real account uses. */
export function randomUsername(prefix = 'probe'): string {
  return `${prefix}-${randomHex(5)}`;
}

/** A password any sensible policy accepts: long, not in a wordlist, no username inside. */
export function randomPassword(): string {
  return `orchid-${randomHex(6)}-lantern`;
}

/** An ASCII password of exactly `length` bytes. */
export function randomPasswordOfBytes(length: number): string {
  const seed = randomPassword();
  return seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
}
