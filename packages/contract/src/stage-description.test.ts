import { describe, expect, it } from 'vitest';
import { readTargetPolicy, targetDescriptionSchema } from './stage-description.ts';

describe('readTargetPolicy', () => {
  it('reads the limits a target publishes', () => {
    expect(readTargetPolicy({ policy: { rateLimit: { limit: 10, windowSeconds: 60 }, lockout: null } })).toEqual({
      rateLimit: { limit: 10, windowSeconds: 60 },
      lockout: null,
    });
  });

  it('knows nothing of a policy with one field in the wrong shape, rather than reading that limit as absent', () => {
    // `windowMs` where `windowSeconds` belongs: the stage does rate-limit, the client just cannot read how.
    expect(readTargetPolicy({ policy: { lockout: { maxFailures: 5, windowSeconds: 900, lockSeconds: 300 }, rateLimit: { limit: 10, windowMs: 60_000 } } })).toEqual({});
    expect(readTargetPolicy({ policy: 'strict' })).toEqual({});
    expect(readTargetPolicy(null)).toEqual({});
  });
});

describe('targetDescriptionSchema', () => {
  it("reads a learner's description that leaves out or half-fills what the lab adds", () => {
    const described = targetDescriptionSchema.parse({
      id: 'challenge',
      title: 'Challenge',
      policy: { rateLimit: { limit: 5, windowSeconds: 60 } },
      expectedChecks: { 'slow-hash': 'pass' },
      lab: { mistakes: ['weak-jwt-secret'], availableMistakes: [{ id: 'weak-jwt-secret', title: 'Weak secret', description: 'A word as the key' }] },
    });
    expect(described.expectedChecks).toBeUndefined();
    expect(described.lab).toEqual({
      clockOffsetSeconds: 0,
      mistakes: ['weak-jwt-secret'],
      availableMistakes: [{ id: 'weak-jwt-secret', title: 'Weak secret', description: 'A word as the key', checkEffects: {} }],
      transport: 'http',
    });
  });

  it('still refuses what is not a stage at all', () => {
    expect(targetDescriptionSchema.safeParse({ status: 'ok' }).success).toBe(false);
    expect(targetDescriptionSchema.safeParse('<html>').success).toBe(false);
  });
});
