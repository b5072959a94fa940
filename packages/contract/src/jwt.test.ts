import { describe, expect, it } from 'vitest';
import { alterOpaqueToken, base64UrlEncode, decodeJWT, tamperJWTPayload, unsignedJWT } from './jwt.ts';

const header = base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const payload = base64UrlEncode(JSON.stringify({ sub: 'alice', exp: 1_900_000_000 }));
const token = `${header}.${payload}.c2lnbmF0dXJl`;

describe('decodeJWT', () => {
  it('reads header and payload without any key, because a JWT is signed, not encrypted', () => {
    expect(decodeJWT(token)).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: 'alice', exp: 1_900_000_000 },
      signature: 'c2lnbmF0dXJl',
    });
  });

  it.each(['', 'opaque-session-token', 'a.b', 'a.b.c.d', `${header}.!!!.x`, `${base64UrlEncode('[1]')}.${payload}.x`])('returns undefined for %j', (value) => {
    expect(decodeJWT(value)).toBeUndefined();
  });
});

describe('base64url', () => {
  it('round-trips unicode text without padding or + and /', () => {
    const text = 'ünïcödé 🔐 ??>>';
    const encoded = base64UrlEncode(text);
    expect(encoded).not.toMatch(/[+/=]/);
    // Decoded the way every reader of a JWT's parts decodes them; the payload uses - and _.
    const payload = base64UrlEncode(JSON.stringify({ text }));
    expect(payload).toMatch(/[-_]/);
    expect(decodeJWT(`${base64UrlEncode('{"alg":"none"}')}.${payload}.`)?.payload).toEqual({ text });
  });
});

describe('forged tokens', () => {
  it('tampers with the payload but keeps the original header and signature', () => {
    const tampered = tamperJWTPayload(token, { sub: 'admin' }) ?? '';
    const [tamperedHeader, , signature] = tampered.split('.');
    expect(tamperedHeader).toBe(header);
    expect(signature).toBe('c2lnbmF0dXJl');
    expect(decodeJWT(tampered)?.payload).toEqual({ sub: 'admin', exp: 1_900_000_000 });
  });

  it('builds an unsigned alg:none token with an empty signature', () => {
    const forged = unsignedJWT({ sub: 'alice' });
    expect(forged.endsWith('.')).toBe(true);
    expect(decodeJWT(forged)?.header).toEqual({ alg: 'none', typ: 'JWT' });
  });

  it('changes exactly one character of an opaque token', () => {
    const altered = alterOpaqueToken('abcdefA');
    expect(altered).toHaveLength(7);
    expect(altered).not.toBe('abcdefA');
    expect(altered.slice(0, 6)).toBe('abcdef');
  });
});
