import { describe, expect, it } from 'vitest';
import { GuessRateCache, measureGuessRates } from './guess-rates.ts';

const WORDS = ['123456', 'password', 'dragon'];

describe('measureGuessRates', () => {
  it('finds SHA-256 far faster than bcrypt, and bcrypt at cost 10 (64 times the work) slower than at cost 4', async () => {
    const small = { memoryKiB: 256, iterations: 1, parallelism: 1 };
    const cheap = await measureGuessRates({ bcryptCost: 4, argon2id: small, budgetMsEach: 150, words: WORDS });
    const dear = await measureGuessRates({ bcryptCost: 10, argon2id: { ...small, memoryKiB: 4096 }, budgetMsEach: 150, words: WORDS });
    expect(cheap.sha256.perSecond).toBeGreaterThan(cheap.bcrypt.perSecond * 10);
    expect(dear.bcrypt.perSecond).toBeLessThan(cheap.bcrypt.perSecond);
    // No order asserted for Argon2id: at these small sizes a WebAssembly call's fixed cost outweighs
    // the memory, and speed is npm run bench's business. What it was measured at must be reported.
    expect(dear.bcrypt.cost).toBe(10);
    expect(dear.argon2id).toMatchObject({ memoryKiB: 4096, iterations: 1, parallelism: 1 });
  });

  it('always makes at least one round of guesses, even when one takes longer than the budget', async () => {
    const rates = await measureGuessRates({ bcryptCost: 4, argon2id: { memoryKiB: 256, iterations: 1, parallelism: 1 }, budgetMsEach: 0, words: WORDS });
    // SHA-256 guesses go in batches, the slow hashes one at a time.
    expect(rates.sha256.hashes).toBe(256);
    expect(rates.bcrypt.hashes).toBe(1);
    expect(rates.argon2id.hashes).toBe(1);
    for (const rate of [rates.sha256, rates.bcrypt, rates.argon2id]) expect(rate.perSecond).toBeGreaterThan(0);
  });

  it('stops when the signal is aborted', async () => {
    await expect(
      measureGuessRates({ bcryptCost: 4, argon2id: { memoryKiB: 256, iterations: 1, parallelism: 1 }, budgetMsEach: 10, words: WORDS, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
  });
});

describe('GuessRateCache', () => {
  const small = { memoryKiB: 256, iterations: 1, parallelism: 1 };

  it('measures once per set of parameters and hands the same figures to every later caller', async () => {
    const cache = new GuessRateCache();
    const first = await cache.measure({ bcryptCost: 4, argon2id: small, budgetMsEach: 20, words: WORDS });
    const again = await cache.measure({ bcryptCost: 4, argon2id: small, budgetMsEach: 20, words: WORDS });
    const dearer = await cache.measure({ bcryptCost: 5, argon2id: small, budgetMsEach: 20, words: WORDS });
    expect(again).toBe(first);
    expect(dearer).not.toBe(first);
    expect(dearer.bcrypt.cost).toBe(5);
    expect(dearer.measuredAtMs).toBeGreaterThanOrEqual(first.measuredAtMs);
  });

  it('forgets a measurement that was stopped, so the next caller measures for real', async () => {
    const cache = new GuessRateCache();
    await expect(cache.measure({ bcryptCost: 4, argon2id: small, budgetMsEach: 20, words: WORDS, signal: AbortSignal.abort() })).rejects.toThrow();
    const rates = await cache.measure({ bcryptCost: 4, argon2id: small, budgetMsEach: 20, words: WORDS });
    expect(rates.bcrypt.hashes).toBeGreaterThan(0);
  });
});
