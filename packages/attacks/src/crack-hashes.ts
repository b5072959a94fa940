/** Offline cracking of a breach dump with a wordlist, using only Web Crypto, pure-JS bcrypt and WebAssembly Argon2id. */
import { argon2idMatches } from './argon2id-guess.ts';

export interface CrackedPassword {
  username: string;
  password: string;
  /** 0-based position of the password in the wordlist: how soon an attacker tries it. */
  rank: number;
}

export interface CrackRun {
  cracked: CrackedPassword[];
  /** Hash computations performed. */
  hashes: number;
  elapsedMs: number;
  /** True when the search finished: every hash cracked, or every word tried. */
  exhausted: boolean;
}

export interface CrackOptions {
  signal?: AbortSignal;
  /** Stop once this much time has passed. */
  maxDurationMs?: number;
  /** Stop after this many hash computations. */
  maxHashes?: number;
  onProgress?: (wordsTried: number) => void;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Unsalted SHA-256: hash each word ONCE and look every stored digest up. One pass cracks every
 * user at once, because the same password always gives the same digest.
 */
export async function crackSHA256(stored: ReadonlyMap<string, string>, words: readonly string[], options: CrackOptions = {}): Promise<CrackRun> {
  const started = performance.now();
  const byDigest = new Map<string, string[]>();
  for (const [username, digest] of stored) byDigest.set(digest.toLowerCase(), [...(byDigest.get(digest.toLowerCase()) ?? []), username]);
  const cracked: CrackedPassword[] = [];
  let rank = 0;
  for (; rank < words.length && cracked.length < stored.size; rank++) {
    options.signal?.throwIfAborted();
    const password = words[rank] as string;
    for (const username of byDigest.get(await sha256Hex(password)) ?? []) cracked.push({ username, password, rank });
  }
  options.onProgress?.(rank);
  return { cracked, hashes: rank, elapsedMs: performance.now() - started, exhausted: rank === words.length };
}

/**
 * Salted slow hashes (bcrypt, Argon2id, or a mix of both): every word must be hashed again for
 * every user, at the cost that user's hash names. Words go in wordlist order across all users,
 * as a real cracker does, until the budget ends.
 */
export async function crackSlowHashes(stored: ReadonlyMap<string, string>, words: readonly string[], options: CrackOptions = {}): Promise<CrackRun> {
  const { compare } = await import('bcryptjs');
  const matches = (password: string, hash: string): Promise<boolean> => (hash.startsWith('$argon2') ? argon2idMatches(password, hash) : compare(password, hash));
  const started = performance.now();
  const remaining = new Map(stored);
  const cracked: CrackedPassword[] = [];
  let hashes = 0;
  let rank = 0;
  const outOfBudget = (): boolean =>
    hashes >= (options.maxHashes ?? Number.POSITIVE_INFINITY) || performance.now() - started >= (options.maxDurationMs ?? Number.POSITIVE_INFINITY);
  words: for (; rank < words.length && remaining.size > 0; rank++) {
    const password = words[rank] as string;
    for (const [username, hash] of remaining) {
      if (outOfBudget()) break words;
      options.signal?.throwIfAborted();
      hashes++;
      if (await matches(password, hash)) {
        cracked.push({ username, password, rank });
        remaining.delete(username);
      }
    }
    options.onProgress?.(rank + 1);
  }
  return { cracked, hashes, elapsedMs: performance.now() - started, exhausted: rank === words.length || remaining.size === 0 };
}

/** Usernames that share a stored value: with an unsalted hash, they share a password. */
export function sharedValues(stored: ReadonlyMap<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [username, value] of stored) groups.set(value, [...(groups.get(value) ?? []), username]);
  return [...groups.values()].filter((usernames) => usernames.length > 1);
}
