import { base64UrlEncode, decodeBasicAuthorization, decodeJWT } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../api/types.ts';
import { presetsFor, type PresetContext, type PresetId } from './presets.ts';

const JWT = [
  base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
  base64UrlEncode(JSON.stringify({ sub: 'alice', iss: 'authlab', aud: 'jwt', exp: 1_900_000_000 })),
  'c2lnbmF0dXJl',
].join('.');

function context(overrides: Partial<PresetContext> = {}): PresetContext {
  return {
    stage: 'jwt',
    authentication: 'jwt',
    credentials: { username: 'alice', password: 'correct-horse-battery-42' },
    registered: undefined,
    tokens: {},
    nowSeconds: 1_800_000_000,
    ...overrides,
  };
}

function spec(presetContext: PresetContext, id: PresetId): RequestSpec | undefined {
  return presetsFor(presetContext).find((preset) => preset.id === id)?.spec;
}

function bearerOf(request: RequestSpec | undefined): string {
  return request?.headers.Authorization?.replace(/^Bearer /, '') ?? '';
}

describe('presetsFor', () => {
  it('offers each stage only what it has: login, refresh, alg:none and the Basic header where they exist', () => {
    const ids = (authentication: PresetContext['authentication']): string[] => presetsFor(context({ authentication })).map((preset) => preset.id);
    expect(ids('session-token')).toEqual(['register', 'login', 'records', 'logout', 'tamper', 'wrong-password', 'unknown-user', 'breach', 'reset']);
    expect(ids('basic')).toEqual(['register', 'basic', 'records', 'wrong-password', 'unknown-user', 'breach', 'reset']);
    expect(ids('jwt')).toEqual(['register', 'login', 'records', 'refresh', 'logout', 'tamper', 'alg-none', 'wrong-password', 'unknown-user', 'breach', 'reset']);
  });

  it('registers and logs in with the username and password from the inputs, as JSON', () => {
    const expected = { headers: { 'Content-Type': 'application/json' }, body: '{"username":"alice","password":"correct-horse-battery-42"}' };
    expect(spec(context(), 'register')).toEqual({ method: 'POST', path: '/api/stages/jwt/register', ...expected });
    expect(spec(context(), 'login')).toEqual({ method: 'POST', path: '/api/stages/jwt/login', ...expected });
  });

  it('calls /records with the last token filled in, or without one before any login', () => {
    expect(spec(context({ tokens: { token: JWT } }), 'records')).toEqual({
      method: 'GET',
      path: '/api/stages/jwt/records',
      headers: { Authorization: `Bearer ${JWT}` },
      body: '',
    });
    expect(spec(context(), 'records')?.headers).toEqual({});
  });

  it('cannot tamper, refresh or log out before there is a token, and says so', () => {
    for (const id of ['tamper', 'refresh', 'logout'] as const) {
      const preset = presetsFor(context()).find((candidate) => candidate.id === id);
      expect(preset?.spec).toBeUndefined();
      expect(preset?.explain).toMatch(/log in first/i);
    }
  });

  it('tampers with a JWT by changing sub in the payload and keeping header and signature', () => {
    const tampered = bearerOf(spec(context({ tokens: { token: JWT } }), 'tamper'));
    const [header, , signature] = tampered.split('.');
    expect(tampered).not.toBe(JWT);
    expect([header, signature]).toEqual([JWT.split('.')[0], JWT.split('.')[2]]);
    expect(decodeJWT(tampered)?.payload).toEqual({ sub: 'admin', iss: 'authlab', aud: 'jwt', exp: 1_900_000_000 });
  });

  it('tampers with an opaque token by changing one character', () => {
    const tampered = bearerOf(spec(context({ authentication: 'session-token', tokens: { token: 'abcdefgh' } }), 'tamper'));
    expect(tampered).toHaveLength(8);
    expect(tampered).not.toBe('abcdefgh');
    expect(tampered.slice(0, 7)).toBe('abcdefg');
  });

  it('forges alg:none with the real claims and an empty signature', () => {
    const forged = decodeJWT(bearerOf(spec(context({ tokens: { token: JWT } }), 'alg-none')));
    expect(forged).toEqual({ header: { alg: 'none', typ: 'JWT' }, payload: decodeJWT(JWT)?.payload, signature: '' });
  });

  it('forges alg:none with plausible claims before any login', () => {
    const forged = decodeJWT(bearerOf(spec(context(), 'alg-none')));
    expect(forged?.payload).toEqual({ sub: 'alice', iss: 'authlab', aud: 'jwt', iat: 1_800_000_000, exp: 1_800_000_900 });
  });

  it('refreshes with the last refresh token', () => {
    expect(spec(context({ tokens: { token: JWT, refreshToken: 'r3fr3sh' } }), 'refresh')).toMatchObject({
      method: 'POST',
      path: '/api/stages/jwt/refresh',
      body: '{"refreshToken":"r3fr3sh"}',
    });
  });

  it('logs out with the token as Bearer', () => {
    expect(spec(context({ tokens: { token: JWT } }), 'logout')).toMatchObject({ method: 'POST', headers: { Authorization: `Bearer ${JWT}` } });
  });

  it('builds the Basic header from the account registered last, not from the inputs', () => {
    const basic = context({ stage: 'basic', authentication: 'basic', registered: { username: 'bob', password: 'b:o:b' } });
    const request = spec(basic, 'basic');
    expect(request).toMatchObject({ method: 'GET', path: '/api/stages/basic/records' });
    expect(decodeBasicAuthorization(request?.headers.Authorization)).toEqual({ username: 'bob', password: 'b:o:b' });
  });

  it('falls back to the inputs for the Basic header before anything was registered', () => {
    const request = spec(context({ stage: 'basic', authentication: 'basic' }), 'basic');
    expect(request?.headers.Authorization).toBe(`Basic ${btoa('alice:correct-horse-battery-42')}`);
  });

  it('tries a wrong password and an unknown user through login, or through Basic where there is no login', () => {
    expect(JSON.parse(spec(context(), 'wrong-password')?.body ?? '')).toEqual({ username: 'alice', password: 'wrong-correct-horse-battery-42' });
    expect(JSON.parse(spec(context(), 'unknown-user')?.body ?? '')).toEqual({ username: 'nobody-alice', password: 'correct-horse-battery-42' });
    const basic = context({ stage: 'basic', authentication: 'basic' });
    expect(spec(basic, 'unknown-user')?.headers.Authorization).toBe(`Basic ${btoa('nobody-alice:correct-horse-battery-42')}`);
  });

  it('reads the breach dump and resets the stage', () => {
    expect(spec(context({ stage: 'sha256' }), 'breach')).toEqual({ method: 'GET', path: '/api/stages/sha256/breach', headers: {}, body: '' });
    expect(spec(context({ stage: 'sha256' }), 'reset')).toEqual({ method: 'POST', path: '/api/stages/sha256/reset', headers: {}, body: '' });
  });

  describe('on a stage with a cookie session', () => {
    const cookieSession = (sameSite: 'None' | 'Strict') =>
      ({
        cookieName: 'session',
        httpOnly: sameSite === 'Strict',
        secure: true,
        sameSite,
        csrfDefence: sameSite === 'None' ? 'none' : 'fetch-metadata',
        ttlSeconds: 28_800,
      }) as const;

    it('offers the cookie login at once, and the cookie routes only once a cookie exists', () => {
      const before = presetsFor(context({ cookieSession: cookieSession('None') }));
      expect(before.find((preset) => preset.id === 'cookie-login')?.spec).toEqual({
        method: 'POST',
        path: '/api/stages/jwt/cookie/login',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'correct-horse-battery-42' }),
      });
      for (const id of ['cookie-account', 'cookie-email', 'csrf', 'cookie-logout'] as const) {
        const preset = before.find((candidate) => candidate.id === id);
        expect(preset?.spec, id).toBeUndefined();
        expect(preset?.explain, id).toMatch(/Cookie login/);
      }
      expect(spec(context({ sessionCookie: 'session=abc' }), 'cookie-login')).toBeUndefined();
    });

    it("forges another site's form: the cookie rides along only when it is SameSite=None", () => {
      const forged = (sameSite: 'None' | 'Strict'): RequestSpec | undefined => spec(context({ cookieSession: cookieSession(sameSite), sessionCookie: 'session=abc' }), 'csrf');
      expect(forged('None')).toEqual({
        method: 'POST',
        path: '/api/stages/jwt/cookie/recovery-email',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'https://attacker.example',
          'Sec-Fetch-Site': 'cross-site',
          'Sec-Fetch-Mode': 'navigate',
          Cookie: 'session=abc',
        },
        body: 'recoveryEmail=attacker%40example.com',
      });
      expect(forged('Strict')?.headers.Cookie).toBeUndefined();
      expect(spec(context({ cookieSession: cookieSession('Strict'), sessionCookie: 'session=abc' }), 'cookie-account')?.headers).toEqual({ Cookie: 'session=abc' });
    });
  });
});
