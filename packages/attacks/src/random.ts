/** Random values from Web Crypto, so the attacks run in the browser as well as in Node. */

export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A password no wordlist holds and every password policy accepts. */
export function strongPassword(): string {
  return `quartz-${randomHex(6)}-meadow`;
}

/** A username nobody has registered. */
export function unknownUsername(): string {
  return `nobody-${randomHex(5)}`;
}
