/**
 * Guesses per second against one salted hash of each scheme, measured here and now: the
 * comparison behind "use a slow hash". Each scheme gets the same short budget.
 */
import { argon2idGuess, type Argon2idCost } from './argon2id-guess.ts';
import { sha256Hex } from './crack-hashes.ts';
import { perSecond } from './stats.ts';

export interface GuessRate {
  hashes: number;
  elapsedMs: number;
  perSecond: number;
}

export interface GuessRates {
  sha256: GuessRate;
  bcrypt: GuessRate & { cost: number };
  argon2id: GuessRate & Argon2idCost;
}

export interface GuessRateOptions {
  /** The cost the bcrypt guesses are made at. */
  bcryptCost: number;
  argon2id: Argon2idCost;
  /** Time given to each scheme; at least one guess is always made, however slow. */
  budgetMsEach: number;
  words: readonly string[];
  signal?: AbortSignal;
}

export async function measureGuessRates(options: GuessRateOptions): Promise<GuessRates> {
  const { genSalt, hash } = await import('bcryptjs');
  const bcryptSalt = await genSalt(options.bcryptCost);
  const argon2Salt = crypto.getRandomValues(new Uint8Array(16));
  const time = (guess: (word: string) => Promise<unknown>, batch = 1): Promise<GuessRate> => timeGuesses(guess, batch, options);
  return {
    // Web Crypto answers each digest through the event loop: one at a time, the figure would
    // measure that round trip rather than SHA-256, so its guesses go in batches.
    sha256: await time((word) => sha256Hex(word), SHA256_BATCH),
    bcrypt: { ...(await time((word) => hash(word, bcryptSalt))), cost: options.bcryptCost },
    argon2id: { ...(await time((word) => argon2idGuess(word, argon2Salt, options.argon2id))), ...options.argon2id },
  };
}

const SHA256_BATCH = 256;

async function timeGuesses(guess: (word: string) => Promise<unknown>, batch: number, options: GuessRateOptions): Promise<GuessRate> {
  const started = performance.now();
  let hashes = 0;
  do {
    options.signal?.throwIfAborted();
    const first = hashes;
    await Promise.all(Array.from({ length: batch }, (_, offset) => guess(options.words[(first + offset) % options.words.length] ?? '')));
    hashes += batch;
  } while (performance.now() - started < options.budgetMsEach);
  const elapsedMs = performance.now() - started;
  return { hashes, elapsedMs, perSecond: perSecond(hashes, elapsedMs) };
}

/** Guess rates measured earlier in the same run, and how long ago. */
export interface SharedGuessRates extends GuessRates {
  /** When they were measured, on the `performance.now()` clock. */
  measuredAtMs: number;
}

/**
 * Guess rates are a property of this machine and the hash parameters, not of any stage: one
 * matrix run measures them once and every breach-crack cell reports the same figures. Keyed by
 * the parameters, so a different bcrypt cost is measured afresh.
 */
export class GuessRateCache {
  readonly #measured = new Map<string, Promise<SharedGuessRates>>();

  measure(options: GuessRateOptions): Promise<SharedGuessRates> {
    const { bcryptCost, argon2id } = options;
    const key = `${bcryptCost}/${argon2id.memoryKiB}/${argon2id.iterations}/${argon2id.parallelism}`;
    let rates = this.#measured.get(key);
    if (rates === undefined) {
      rates = measureGuessRates(options).then((measured) => ({ ...measured, measuredAtMs: performance.now() }));
      // A measurement that failed or was stopped is not a figure: the next cell measures again.
      rates.catch(() => this.#measured.delete(key));
      this.#measured.set(key, rates);
    }
    return rates;
  }
}
