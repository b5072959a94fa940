import { createSecretKey } from 'node:crypto';
import { WORDLIST } from '@authlab/attacks';
import type { JWTService } from '@authlab/auth-core';
import { describe, expect, it } from 'vitest';
import { createLabJWTService, createLabMistakes, WEAK_JWT_SECRET, withMistakeEffects, type LabMistakes } from './lab-mistakes.ts';
import { jwtStage } from './stages/05-jwt.ts';
import { lockoutStage } from './stages/06-lockout.ts';

const key = createSecretKey(Buffer.alloc(32, 7));

interface Setup {
  mistakes: LabMistakes;
  clock: { now: number };
  service: JWTService;
}

function setup(nowMs = 1_000_000): Setup {
  const clock = { now: nowMs };
  const mistakes = createLabMistakes();
  const service = createLabJWTService({ key, issuer: 'authlab', audience: 'jwt', ttlSeconds: 900, clock: () => clock.now }, mistakes);
  return { mistakes, clock, service };
}

describe('createLabMistakes', () => {
  it('switches named mistakes on and off, lists them in a fixed order, and forgets them on reset', () => {
    const mistakes = createLabMistakes();
    mistakes.set('skip-exp-check', true);
    mistakes.set('weak-jwt-secret', true);
    expect(mistakes.enabled).toEqual(['weak-jwt-secret', 'skip-exp-check']);
    mistakes.set('weak-jwt-secret', false);
    expect(mistakes.enabled).toEqual(['skip-exp-check']);
    mistakes.reset();
    expect(mistakes.enabled).toEqual([]);
  });
});

describe('withMistakeEffects', () => {
  it('changes only the outcomes each mistake re-enables', () => {
    const expected = withMistakeEffects(jwtStage.expectedAttacks, ['weak-jwt-secret', 'skip-exp-check']);
    expect(expected).toEqual({ ...jwtStage.expectedAttacks, 'forged-jwt': 'cracked', 'token-replay': 'exposed' });
    expect(withMistakeEffects(jwtStage.expectedAttacks, [])).toEqual(jwtStage.expectedAttacks);
  });

  it('lets a burst in and no longer rate-limits spraying on lockout with memory-rate-limit, and still locks brute force out', () => {
    const expected = withMistakeEffects(lockoutStage.expectedAttacks, ['memory-rate-limit']);
    expect(expected).toEqual({ ...lockoutStage.expectedAttacks, 'parallel-guessing': 'cracked', 'password-spraying': 'refused' });
    expect(expected['brute-force']).toBe('locked-out');
  });
});

describe('the lab JWT service', () => {
  it('uses a secret every wordlist holds while weak-jwt-secret is on', () => {
    expect(WORDLIST).toContain(WEAK_JWT_SECRET);
  });

  it('refuses tokens signed with the weak secret once the mistake is off again', async () => {
    const { mistakes, service } = setup();
    mistakes.set('weak-jwt-secret', true);
    const weak = await service.issue({ subject: 'alice' });
    expect(await service.verify(weak)).toMatchObject({ ok: true });
    mistakes.set('weak-jwt-secret', false);
    expect(await service.verify(weak)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts an expired token only while skip-exp-check is on, and still checks its signature', async () => {
    const { mistakes, clock, service } = setup();
    const token = await service.issue({ subject: 'alice' });
    clock.now += 901_000;
    expect(await service.verify(token)).toEqual({ ok: false, reason: 'expired' });
    mistakes.set('skip-exp-check', true);
    expect(await service.verify(token)).toMatchObject({ ok: true, token: { subject: 'alice' } });
    const [header, payload] = token.split('.');
    expect(await service.verify(`${header}.${payload}.AAAA`)).toEqual({ ok: false, reason: 'invalid' });
  });
});
