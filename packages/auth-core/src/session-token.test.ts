import { describe, expect, it } from 'vitest';
import { SESSION_TOKEN_BYTES, createSessionToken, hashSessionToken } from './session-token.ts';

const BASE64URL_43 = /^[A-Za-z0-9_-]{43}$/;

describe('createSessionToken', () => {
  it('carries 32 random bytes', () => {
    expect(SESSION_TOKEN_BYTES).toBe(32);
    expect(Buffer.from(createSessionToken(), 'base64url')).toHaveLength(32);
  });

  it('is 43 base64url characters with no padding, safe in headers and JSON', () => {
    expect(createSessionToken()).toMatch(BASE64URL_43);
  });

  it('never repeats across 1000 calls', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => createSessionToken()));
    expect(tokens.size).toBe(1000);
  });
});

describe('hashSessionToken', () => {
  it('gives the same hash for the same token every time', () => {
    const token = createSessionToken();
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
  });

  it('never returns the token itself', () => {
    const token = createSessionToken();
    expect(hashSessionToken(token)).not.toBe(token);
  });

  it('gives different hashes for different tokens', () => {
    expect(hashSessionToken(createSessionToken())).not.toBe(hashSessionToken(createSessionToken()));
  });

  it('returns a 256-bit digest as 43 base64url characters', () => {
    const digest = hashSessionToken('any token');
    expect(digest).toMatch(BASE64URL_43);
    expect(Buffer.from(digest, 'base64url')).toHaveLength(32);
  });
});
