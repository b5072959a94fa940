import { base64UrlEncode, tamperJWTPayload, unsignedJWT } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../api/types.ts';
import { describeExpiry, findTokens, formatClock, formatSpan, inspectAuthorization, inspectBearerToken } from './inspect-token.ts';

const EXP = 1_900_000_000;
const header = base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const payload = base64UrlEncode(JSON.stringify({ sub: 'alice', exp: EXP, aud: 'jwt' }));
const JWT = `${header}.${payload}.c2lnbmF0dXJl`;
const OPAQUE = 'q3V0aGxhYi1vcGFxdWUtc2Vzc2lvbi10b2tlbg';

function exchange(options: { headers?: Record<string, string>; json?: unknown }): Pick<ExchangeRecord, 'request' | 'response'> {
  return {
    request: { method: 'GET', path: '/api/stages/jwt/records', headers: options.headers ?? {} },
    response: { status: 200, statusText: 'OK', headers: {}, bodyText: JSON.stringify(options.json ?? null), json: options.json },
  };
}

describe('inspectBearerToken', () => {
  it('decodes a JWT without any key: header, payload, signature and exp', () => {
    expect(inspectBearerToken(JWT)).toEqual({
      kind: 'jwt',
      token: JWT,
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: 'alice', exp: EXP, aud: 'jwt' },
      signature: 'c2lnbmF0dXJl',
      expiresAtSeconds: EXP,
      unsigned: false,
    });
  });

  it('decodes a tampered token just as happily: decoding says nothing about the signature', () => {
    const tampered = tamperJWTPayload(JWT, { sub: 'admin' }) ?? '';
    expect(inspectBearerToken(tampered)).toMatchObject({ kind: 'jwt', payload: { sub: 'admin' }, unsigned: false });
  });

  it('marks an alg:none token as unsigned', () => {
    expect(inspectBearerToken(unsignedJWT({ sub: 'admin' }))).toMatchObject({ kind: 'jwt', unsigned: true, expiresAtSeconds: undefined });
  });

  it('calls anything that is not a JWT opaque', () => {
    expect(inspectBearerToken(OPAQUE)).toEqual({ kind: 'opaque', token: OPAQUE });
  });
});

describe('inspectAuthorization', () => {
  it('reads Bearer JWTs and opaque tokens, whatever the case of the scheme', () => {
    expect(inspectAuthorization(`Bearer ${JWT}`)).toMatchObject({ kind: 'jwt' });
    expect(inspectAuthorization(`bearer ${OPAQUE}`)).toEqual({ kind: 'opaque', token: OPAQUE });
  });

  it('decodes a Basic header to user:password', () => {
    expect(inspectAuthorization(`Basic ${btoa('alice:secret')}`)).toEqual({ kind: 'basic', username: 'alice', password: 'secret' });
  });

  it('says why it cannot read anything else', () => {
    expect(inspectAuthorization('Token abc')).toMatchObject({ kind: 'unreadable' });
    expect(inspectAuthorization('Basic !!!')).toMatchObject({ kind: 'unreadable' });
    expect(inspectAuthorization('Bearer')).toMatchObject({ kind: 'unreadable' });
  });
});

describe('findTokens', () => {
  it('finds the access token and the refresh token in a login response', () => {
    const found = findTokens(exchange({ json: { token: JWT, refreshToken: 'r3fr3sh', expiresIn: 900 } }));
    expect(found.map((token) => [token.origin, token.inspection.kind])).toEqual([
      ['response-token', 'jwt'],
      ['response-refresh-token', 'refresh'],
    ]);
  });

  it("finds the request's Authorization header, whatever its case", () => {
    const found = findTokens(exchange({ headers: { authorization: `Bearer ${OPAQUE}` }, json: { user: 'alice' } }));
    expect(found).toEqual([
      { origin: 'request-authorization', label: 'Request header: Authorization', raw: `Bearer ${OPAQUE}`, inspection: { kind: 'opaque', token: OPAQUE } },
    ]);
  });

  it('finds nothing in an exchange without tokens', () => {
    expect(findTokens(exchange({ headers: { Authorization: '  ' }, json: { error: 'Unknown user' } }))).toEqual([]);
    expect(findTokens(exchange({ json: undefined }))).toEqual([]);
  });
});

describe('describeExpiry', () => {
  const at = (secondsBeforeExp: number): number => (EXP - secondsBeforeExp) * 1000;

  it('counts down as mm:ss', () => {
    expect(describeExpiry(EXP, at(14 * 60 + 32))).toEqual({ expired: false, text: 'expires in 14:32' });
    expect(describeExpiry(EXP, at(0.4))).toEqual({ expired: false, text: 'expires in 00:01' });
  });

  it('says how long ago it expired', () => {
    expect(describeExpiry(EXP, at(0))).toEqual({ expired: true, text: 'expired 0 s ago' });
    expect(describeExpiry(EXP, at(-45))).toEqual({ expired: true, text: 'expired 45 s ago' });
    expect(describeExpiry(EXP, at(-150))).toEqual({ expired: true, text: 'expired 2 min ago' });
    expect(describeExpiry(EXP, at(-3 * 3600))).toEqual({ expired: true, text: 'expired 3 h ago' });
    expect(describeExpiry(EXP, at(-3 * 86_400))).toEqual({ expired: true, text: 'expired 3 days ago' });
  });

  it('measures against the time it is given, so a demo clock 15 minutes ahead expires a 15-minute token', () => {
    const issuedAtMs = at(900);
    const demoClockOffsetMs = 901 * 1000;
    expect(describeExpiry(EXP, issuedAtMs).expired).toBe(false);
    expect(describeExpiry(EXP, issuedAtMs + demoClockOffsetMs)).toEqual({ expired: true, text: 'expired 1 s ago' });
  });
});

describe('formatClock', () => {
  it('pads minutes and seconds and adds hours when needed', () => {
    expect(formatClock(5)).toBe('00:05');
    expect(formatClock(3600 + 61)).toBe('1:01:01');
    expect(formatClock(-3)).toBe('00:00');
  });
});

describe('formatSpan', () => {
  it('names each unit that is not zero', () => {
    expect(formatSpan(901)).toBe('15 min 1 s');
    expect(formatSpan(7200)).toBe('2 h');
    expect(formatSpan(86_400 + 5)).toBe('1 d 5 s');
    expect(formatSpan(0)).toBe('0 s');
  });
});
