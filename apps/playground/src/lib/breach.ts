/**
 * Reading a leaked credential column as an attacker would: what each stored value is, and
 * what it gives away. Pure; the breach view shows one reading per row.
 */
import { describeArgon2, isSHA256Hex, meetsOWASPMinimum, parseArgon2, parseBcrypt, type Argon2Parts, type BcryptParts } from '@authlab/contract';

export interface BreachUser {
  username: string;
  stored: string;
}

export type StoredKind = 'plain' | 'sha256' | 'bcrypt' | 'argon2id' | 'unknown';

export interface BreachReading extends BreachUser {
  kind: StoredKind;
  /** Other users whose stored value is exactly the same. */
  sameAs: string[];
  bcrypt?: BcryptParts;
  argon2id?: Argon2Parts;
  /** The scheme and its work parameters, as the value itself states them: `bcrypt, cost 10`. */
  scheme: string;
  /** One line, in the attacker's words. */
  reading: string;
}

/** What a stage says it stores, in its policy. */
export type StageScheme = 'plain' | 'sha256' | 'bcrypt' | 'argon2id';

/**
 * What a stored value is. `scheme` is what the stage says it stores (its policy), which
 * settles the one ambiguous case: a plain-text password that happens to look like a digest.
 */
export function classifyStoredValue(stored: string, scheme?: StageScheme): StoredKind {
  if (scheme === 'plain') return 'plain';
  if (parseBcrypt(stored) !== undefined) return 'bcrypt';
  if (parseArgon2(stored)?.variant === 'argon2id') return 'argon2id';
  if (isSHA256Hex(stored)) return 'sha256';
  return scheme === undefined ? 'plain' : 'unknown';
}

function others(names: readonly string[]): string {
  const count = `${names.length} other ${names.length === 1 ? "user's" : "users'"}`;
  return `${count} (${names.join(', ')})`;
}

function schemeLabel(kind: StoredKind, bcrypt: BcryptParts | undefined, argon2id: Argon2Parts | undefined): string {
  if (bcrypt !== undefined) return `bcrypt, cost ${bcrypt.cost}`;
  if (argon2id !== undefined) return describeArgon2(argon2id);
  return { plain: 'plain text', sha256: 'SHA-256', bcrypt: 'bcrypt', argon2id: 'Argon2id', unknown: 'unknown' }[kind];
}

function describe(kind: StoredKind, sameAs: readonly string[], bcrypt: BcryptParts | undefined, argon2id: Argon2Parts | undefined): string {
  switch (kind) {
    case 'plain':
      return sameAs.length === 0
        ? 'Plain text: readable as is. Try it on their email account next.'
        : `Plain text: readable as is, and the same password as ${others(sameAs)}.`;
    case 'sha256':
      return sameAs.length === 0
        ? 'Unsalted SHA-256: a wordlist of precomputed digests cracks it in milliseconds.'
        : `Unsalted SHA-256: identical to ${others(sameAs)} — same password; crack one, get all.`;
    case 'bcrypt':
      return `bcrypt, salted, cost ${bcrypt?.cost ?? '?'} (2^${bcrypt?.cost ?? '?'} rounds per guess): equal passwords look different, every guess is slow.`;
    case 'argon2id':
      return argon2id !== undefined && meetsOWASPMinimum(argon2id)
        ? `Argon2id, salted: every guess needs ${Math.round(argon2id.memoryKiB / 1024)} MiB of memory and ${argon2id.iterations} passes over it, which hurts GPU rigs most.`
        : 'Argon2id, salted, but with less memory or fewer passes than OWASP asks: cheaper to guess than it should be.';
    case 'unknown':
      return 'Not a format this lab recognises.';
  }
}

/** One reading per leaked row, in the order the dump listed them. */
export function readBreach(users: readonly BreachUser[], options: { scheme?: StageScheme } = {}): BreachReading[] {
  const byValue = new Map<string, string[]>();
  for (const user of users) byValue.set(user.stored, [...(byValue.get(user.stored) ?? []), user.username]);
  return users.map((user) => {
    const kind = classifyStoredValue(user.stored, options.scheme);
    const sameAs = (byValue.get(user.stored) ?? []).filter((name) => name !== user.username);
    const bcrypt = kind === 'bcrypt' ? parseBcrypt(user.stored) : undefined;
    const argon2id = kind === 'argon2id' ? parseArgon2(user.stored) : undefined;
    return {
      ...user,
      kind,
      sameAs,
      ...(bcrypt ? { bcrypt } : {}),
      ...(argon2id ? { argon2id } : {}),
      scheme: schemeLabel(kind, bcrypt, argon2id),
      reading: describe(kind, sameAs, bcrypt, argon2id),
    };
  });
}

/** The sentence above the table: what this dump means in total. */
export function summarizeBreach(readings: readonly BreachReading[]): string {
  if (readings.length === 0) return 'The table is empty.';
  const count = (kind: StoredKind): number => readings.filter((reading) => reading.kind === kind).length;
  const shared = readings.filter((reading) => reading.sameAs.length > 0).length;
  const users = `${readings.length} user${readings.length === 1 ? '' : 's'}`;
  if (count('plain') === readings.length) return `${users}: every password readable as is.`;
  if (count('sha256') > 0) {
    return `${users}: ${count('sha256')} unsalted SHA-256 digest${count('sha256') === 1 ? '' : 's'}${shared > 0 ? `, ${shared} sharing a value with someone else` : ''}.`;
  }
  if (count('bcrypt') === readings.length) {
    const costs = [...new Set(readings.flatMap((reading) => (reading.bcrypt ? [reading.bcrypt.cost] : [])))].sort((a, b) => a - b);
    const atCosts = costs.length > 1 ? ` (costs ${costs.join(' and ')}: the cheaper ones are worth guessing first)` : '';
    return `${users}: all bcrypt, each with its own salt${atCosts}. The attacker has to guess, slowly, one user at a time.`;
  }
  if (count('bcrypt') + count('argon2id') === readings.length) {
    return `${users}: every one a salted slow hash (${count('argon2id')} Argon2id, ${count('bcrypt')} bcrypt). The attacker has to guess, slowly, one user at a time.`;
  }
  return `${users}.`;
}
