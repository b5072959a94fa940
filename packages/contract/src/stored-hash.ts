import { describeArgon2, meetsOWASPMinimum, parseArgon2 } from './argon2.ts';

/** Reading a stored credential by its shape: what a breach shows an attacker, and what the checks judge. */

export interface BcryptParts {
  /** `2a`, `2b`, `2x` or `2y`. */
  version: string;
  cost: number;
  /** 22 characters of bcrypt's base64: 128 random bits, different for every user. */
  salt: string;
  /** 31 characters: the 184-bit result. */
  hash: string;
}

const BCRYPT = /^\$(2[abxy])\$(\d{2})\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;

/** Splits a modular-crypt bcrypt string (`$2b$12$<salt><hash>`); undefined unless it is exactly one, cost 4 to 31. */
export function parseBcrypt(stored: string): BcryptParts | undefined {
  const match = BCRYPT.exec(stored);
  if (match === null) return undefined;
  const [, version = '', cost = '', salt = '', hash = ''] = match;
  const rounds = Number(cost);
  return rounds >= 4 && rounds <= 31 ? { version, cost: rounds, salt, hash } : undefined;
}

/** A SHA-256 hex digest: 64 hex digits. */
export function isSHA256Hex(stored: string): boolean {
  return /^[0-9a-f]{64}$/i.test(stored);
}

/** bcrypt's minimum sensible work factor; below it, guessing is too cheap. */
export const MIN_BCRYPT_COST = 10;

/** What a stored value looks like, and whether it is a slow password hash with enough work. */
export function classifyStored(stored: string): { scheme: string; slowEnough: boolean; detail: string } {
  const bcrypt = parseBcrypt(stored);
  if (bcrypt) {
    const { cost } = bcrypt;
    return { scheme: 'bcrypt', slowEnough: cost >= MIN_BCRYPT_COST, detail: `bcrypt with cost ${cost} (2^${cost} rounds)` };
  }
  const argon2 = parseArgon2(stored);
  if (argon2) {
    const enough = meetsOWASPMinimum(argon2);
    const verdict = enough ? "a memory-hard password hash at or above OWASP's minimum" : "below every one of OWASP's minimum settings";
    return { scheme: argon2.variant, slowEnough: enough, detail: `${describeArgon2(argon2)}: ${verdict}` };
  }
  if (stored.startsWith('$scrypt$') || stored.startsWith('$7$')) {
    return { scheme: 'scrypt', slowEnough: true, detail: 'scrypt, a memory-hard password hash' };
  }
  if (isSHA256Hex(stored)) return { scheme: 'sha256', slowEnough: false, detail: 'a 64-hex-digit digest, like SHA-256' };
  return { scheme: 'unknown', slowEnough: false, detail: 'not a recognised password hash' };
}
