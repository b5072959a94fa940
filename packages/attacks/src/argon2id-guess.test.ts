import { describe, expect, it } from 'vitest';
import { MAX_GUESS_MEMORY_KIB, argon2idGuess, argon2idMatches } from './argon2id-guess.ts';

// Made by the server's native binding (@node-rs/argon2): the JS guesser must agree with it byte for byte.
const OWASP_PASSWORD = '$argon2id$v=19$m=19456,t=2,p=1$V2LRqQ5LBE5Ivw1eTNBe4w$1Wr6MfLcWrQp7T2uAzcUQjCyAmMG2KJ/Q/YnCS8NWVE';
const SMALL_DRAGON = '$argon2id$v=19$m=256,t=1,p=1$z/LQQ6qqLb92trWb3jmWsg$ThloPhxZxVWPE9yM+62IaO8wOGUOC9CF20ID4iZmZ2M';

describe('argon2idMatches', () => {
  it('recognises the password behind a hash the server made at OWASP parameters', async () => {
    expect(await argon2idMatches('password', OWASP_PASSWORD)).toBe(true);
  });

  it('refuses any other password', async () => {
    expect(await argon2idMatches('dragon', SMALL_DRAGON)).toBe(true);
    expect(await argon2idMatches('Dragon', SMALL_DRAGON)).toBe(false);
  });

  it('does not guess at other variants, old versions or a dump that asks for absurd memory', async () => {
    expect(await argon2idMatches('dragon', SMALL_DRAGON.replace('argon2id', 'argon2i'))).toBe(false);
    expect(await argon2idMatches('dragon', SMALL_DRAGON.replace('v=19', 'v=16'))).toBe(false);
    expect(await argon2idMatches('dragon', SMALL_DRAGON.replace('m=256', 'm=4294967295'))).toBe(false);
  });
});

describe('argon2idGuess', () => {
  it('refuses more memory than a guess may spend', async () => {
    await expect(argon2idGuess('x', new Uint8Array(16), { memoryKiB: MAX_GUESS_MEMORY_KIB + 1, iterations: 1, parallelism: 1 })).rejects.toThrow(RangeError);
  });
});
