import { base64UrlEncode, decodeJWT } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { forgeUnsignedToken, tamperToken, unknownUsername } from './presets-attacks.ts';

const jwtFor = (sub: string): string => `${base64UrlEncode(JSON.stringify({ alg: 'HS256' }))}.${base64UrlEncode(JSON.stringify({ sub }))}.c2ln`;

describe('tamperToken', () => {
  it('claims to be admin, or root when the token already says admin', () => {
    expect(decodeJWT(tamperToken(jwtFor('alice')).token)?.payload.sub).toBe('admin');
    expect(decodeJWT(tamperToken(jwtFor('admin')).token)?.payload.sub).toBe('root');
  });

  it('keeps the original signature, which is why the server must refuse it', () => {
    expect(tamperToken(jwtFor('alice')).token.split('.')[2]).toBe('c2ln');
  });

  it('changes a character of a token that is not a JWT', () => {
    expect(tamperToken('opaque-token')).toMatchObject({ token: 'opaque-tokeA', explain: expect.stringMatching(/one character/) });
  });
});

describe('forgeUnsignedToken', () => {
  it('carries the real claims with alg none and no signature', () => {
    const forged = forgeUnsignedToken({ token: jwtFor('alice'), username: 'ignored', stage: 'jwt', nowSeconds: 0 });
    expect(forged.endsWith('.')).toBe(true);
    expect(decodeJWT(forged)).toEqual({ header: { alg: 'none', typ: 'JWT' }, payload: { sub: 'alice' }, signature: '' });
  });
});

describe('unknownUsername', () => {
  it('stays a valid username of at most 32 characters', () => {
    expect(unknownUsername('alice')).toBe('nobody-alice');
    expect(unknownUsername('a'.repeat(32))).toHaveLength(32);
  });
});
