import { decodeJWT } from '@authlab/contract';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crackHS256Secret, signHS256 } from './jwt-forgery.ts';

const WORDS = ['123456', 'password', 'secret', 'dragon'];

describe('signHS256', () => {
  it('makes a token whose signature is the HMAC-SHA256 of header.payload', async () => {
    const token = await signHS256({ sub: 'alice', exp: 1_900_000_000 }, 'secret');
    const [header, payload, signature] = token.split('.');
    expect(createHmac('sha256', 'secret').update(`${header}.${payload}`).digest('base64url')).toBe(signature);
    expect(decodeJWT(token)).toMatchObject({ header: { alg: 'HS256', typ: 'JWT' }, payload: { sub: 'alice', exp: 1_900_000_000 } });
  });
});

describe('crackHS256Secret', () => {
  it('finds a secret that is in the list, offline, and says how many words it took', async () => {
    const token = await signHS256({ sub: 'mallory' }, 'secret');
    const search = await crackHS256Secret(token, WORDS);
    expect(search).toMatchObject({ secret: 'secret', tried: 3 });
  });

  it('tries every word and finds nothing when the secret is long and random', async () => {
    const token = await signHS256({ sub: 'mallory' }, 'c1b0f4a8-very-long-random-secret-5e9d2b7a');
    const search = await crackHS256Secret(token, WORDS);
    expect(search.secret).toBeUndefined();
    expect(search.tried).toBe(WORDS.length);
  });

  it('does not try anything on a string that is not a JWT', async () => {
    expect((await crackHS256Secret('opaque-session-token', WORDS)).tried).toBe(0);
  });
});
