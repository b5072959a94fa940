import { describe, expect, it } from 'vitest';
import type { StagePolicy } from '@authlab/contract';
import { formatSeconds, policyChips } from './policy-summary.ts';

const PLAINTEXT: StagePolicy = {
  passwordStorage: { scheme: 'plain', salted: false, cost: null },
  authentication: 'session-token',
  accessToken: { kind: 'opaque', ttlSeconds: null, algorithm: null },
  refreshToken: null,
  cookieSession: null,
  loginErrors: 'distinct',
  equalTiming: true,
  lockout: null,
  rateLimit: null,
  registrationRateLimit: null,
  passwordPolicy: null,
};

const GROWING_LOCK = { maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300, maxLockSeconds: 14_400, growth: 'doubling' } as const;

const LOCKOUT: StagePolicy = {
  passwordStorage: { scheme: 'bcrypt', salted: true, cost: 12 },
  authentication: 'jwt',
  accessToken: { kind: 'jwt', ttlSeconds: 900, algorithm: 'HS256' },
  refreshToken: { singleUse: true, ttlSeconds: 604_800, familyLifetimeSeconds: 2_592_000 },
  cookieSession: { cookieName: '__Host-authlab-lockout-session', httpOnly: true, secure: true, sameSite: 'Strict', csrfDefence: 'fetch-metadata', ttlSeconds: 28_800 },
  loginErrors: 'generic',
  equalTiming: true,
  lockout: GROWING_LOCK,
  rateLimit: { scope: 'client-ip', route: 'login', limit: 10, windowSeconds: 60 },
  registrationRateLimit: { scope: 'client-ip', route: 'register', limit: 10, windowSeconds: 600 },
  // The chips do not show the password policy; its rules have their own panel.
  passwordPolicy: null,
};

describe('policyChips', () => {
  it('says what stage 1 lacks', () => {
    expect(policyChips(PLAINTEXT)).toEqual(['Storage: plain, no salt', 'Token: opaque, never expires', 'Login errors: distinct', 'No lockout', 'No rate limit']);
  });

  it('shows the lock growing from its first length to its cap, the cookie session and the registration limit', () => {
    expect(policyChips(LOCKOUT)).toEqual([
      'Storage: bcrypt cost 12, salted',
      'Token: jwt, 15 min',
      'Login errors: generic',
      'Lockout: 5 failures → 5 min, doubling up to 4 h',
      'Rate limit: 10 logins / 1 min per IP',
      'Cookie: HttpOnly, SameSite=Strict, other sites refused',
      'Registration limit: 10 sign-ups / 10 min per IP',
    ]);
  });

  it("names a cookie that scripts can read and any site's form can use", () => {
    const careless: StagePolicy = {
      ...LOCKOUT,
      cookieSession: { cookieName: 'authlab-jwt-session', httpOnly: false, secure: true, sameSite: 'None', csrfDefence: 'none', ttlSeconds: 28_800 },
    };
    expect(policyChips(careless)).toContain('Cookie: readable by scripts, SameSite=None, any site may post');
  });

  it('leaves out the doubling when the lock cannot grow', () => {
    const fixed: StagePolicy = { ...LOCKOUT, lockout: { ...GROWING_LOCK, maxLockSeconds: 300 } };
    expect(policyChips(fixed)[3]).toBe('Lockout: 5 failures → 5 min');
  });
});

describe('formatSeconds', () => {
  it('uses the largest unit that divides evenly', () => {
    expect([formatSeconds(45), formatSeconds(300), formatSeconds(14_400), formatSeconds(86_400), formatSeconds(90)]).toEqual(['45 s', '5 min', '4 h', '1 d', '90 s']);
  });
});
