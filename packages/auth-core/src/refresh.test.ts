import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryRefreshTokenStore, createRefreshRotation, type RefreshTokenStore } from './refresh.ts';
import { createSessionToken, hashSessionToken } from './session-token.ts';

const TTL = 3600;
const FAMILY_LIFETIME = 4 * 3600;
const START_MS = 1_700_000_000_000;

let now = START_MS;
const clock = () => now;
let store: RefreshTokenStore;
const rotation = () => createRefreshRotation({ store, ttlSeconds: TTL, familyLifetimeSeconds: FAMILY_LIFETIME, clock });

beforeEach(() => {
  now = START_MS;
  store = createMemoryRefreshTokenStore();
});

/** Rotates and fails the test if rotation was refused. */
function rotateOk(refreshToken: string) {
  const result = rotation().rotate(refreshToken);
  if (!result.ok) throw new Error(`expected rotation to succeed, got ${result.reason}`);
  return result;
}

describe('the family lifetime', () => {
  it('ends a family at its absolute lifetime however often it is rotated', () => {
    let token = rotation().issue('alice').refreshToken;
    // Rotate every 50 minutes, always inside the one-hour TTL: without a family limit this goes on for ever.
    while (now + 50 * 60_000 < START_MS + FAMILY_LIFETIME * 1000) {
      now += 50 * 60_000;
      token = rotateOk(token).refreshToken;
    }
    now = START_MS + FAMILY_LIFETIME * 1000;
    expect(rotation().rotate(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('never hands out a token that outlives its family', () => {
    let token = rotation().issue('alice').refreshToken;
    for (let step = 0; step < 4; step++) {
      now += 50 * 60_000;
      token = rotateOk(token).refreshToken;
    }
    // 200 minutes in, 40 left in the family: the successor gets those 40, not a full hour.
    expect(store.find(hashSessionToken(token))?.expiresAtMs).toBe(START_MS + FAMILY_LIFETIME * 1000);
  });
});

describe('sweep', () => {
  it('deletes expired tokens, spent or not, and keeps live ones', () => {
    const spent = rotation().issue('alice');
    const live = rotateOk(spent.refreshToken);
    const idle = rotation().issue('bob');
    now += TTL * 1000 - 1;
    const fresh = rotateOk(live.refreshToken);
    now += 1;
    expect(rotation().sweep()).toBe(3);
    expect(store.find(hashSessionToken(idle.refreshToken))).toBeUndefined();
    expect(store.find(hashSessionToken(fresh.refreshToken))).toBeDefined();
  });
});

describe('createRefreshRotation', () => {
  it('starts a new family with an opaque token at each login', () => {
    const first = rotation().issue('alice');
    const second = rotation().issue('alice');
    expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.familyId).not.toBe(second.familyId);
    expect(first.refreshToken).not.toBe(second.refreshToken);
  });

  it('rotates a token into a new token in the same family for the same user', () => {
    const issued = rotation().issue('alice');
    const rotated = rotateOk(issued.refreshToken);
    expect(rotated).toEqual({ ok: true, username: 'alice', familyId: issued.familyId, refreshToken: expect.any(String) });
    expect(rotated.refreshToken).not.toBe(issued.refreshToken);
  });

  it('lets the chain continue: each successor can be rotated in turn', () => {
    const issued = rotation().issue('alice');
    const second = rotateOk(issued.refreshToken);
    const third = rotateOk(second.refreshToken);
    expect(third.familyId).toBe(issued.familyId);
  });

  it('reports reuse of a spent token and revokes the whole family', () => {
    const issued = rotation().issue('alice');
    const newest = rotateOk(issued.refreshToken);

    expect(rotation().rotate(issued.refreshToken)).toEqual({ ok: false, reason: 'reused' });
    expect(rotation().rotate(newest.refreshToken)).toEqual({ ok: false, reason: 'revoked' });
    expect(store.find(hashSessionToken(newest.refreshToken))?.revokedAtMs).toBe(now);
  });

  it('leaves other families alone when one family is revoked for reuse', () => {
    const victim = rotation().issue('alice');
    const bystander = rotation().issue('alice');
    rotateOk(victim.refreshToken);
    rotation().rotate(victim.refreshToken);
    expect(rotateOk(bystander.refreshToken).familyId).toBe(bystander.familyId);
  });

  it('reports a token it never issued as unknown', () => {
    rotation().issue('alice');
    expect(rotation().rotate(createSessionToken())).toEqual({ ok: false, reason: 'unknown' });
    expect(rotation().rotate('')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('still rotates a token one second before its lifetime ends', () => {
    const issued = rotation().issue('alice');
    now += (TTL - 1) * 1000;
    expect(rotation().rotate(issued.refreshToken).ok).toBe(true);
  });

  it('reports a token as expired once its lifetime has passed', () => {
    const issued = rotation().issue('alice');
    now += TTL * 1000;
    expect(rotation().rotate(issued.refreshToken)).toEqual({ ok: false, reason: 'expired' });
  });

  it('gives each successor a full lifetime counted from its rotation', () => {
    const issued = rotation().issue('alice');
    now += (TTL - 10) * 1000;
    const successor = rotateOk(issued.refreshToken);
    now += (TTL - 10) * 1000;
    expect(rotation().rotate(successor.refreshToken).ok).toBe(true);
  });

  it('refuses every token of a family after revokeFamily, as logout does', () => {
    const issued = rotation().issue('alice');
    const current = rotateOk(issued.refreshToken);
    rotation().revokeFamily(issued.familyId);
    expect(rotation().rotate(current.refreshToken)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('stores only the hash of a token, never the token itself', () => {
    const { refreshToken, familyId } = rotation().issue('alice');
    expect(store.find(refreshToken)).toBeUndefined();
    const record = store.find(hashSessionToken(refreshToken));
    expect(record).toEqual({
      tokenHash: hashSessionToken(refreshToken),
      familyId,
      username: 'alice',
      expiresAtMs: START_MS + TTL * 1000,
      familyExpiresAtMs: START_MS + FAMILY_LIFETIME * 1000,
      usedAtMs: null,
      revokedAtMs: null,
    });
    expect(JSON.stringify(record)).not.toContain(refreshToken);
  });

  it('records when a token was spent', () => {
    const { refreshToken } = rotation().issue('alice');
    now += 5_000;
    rotateOk(refreshToken);
    expect(store.find(hashSessionToken(refreshToken))?.usedAtMs).toBe(START_MS + 5_000);
  });
});

describe('createMemoryRefreshTokenStore', () => {
  it('marks a token used only once, so a lost race counts as reuse', () => {
    const { refreshToken } = rotation().issue('alice');
    const tokenHash = hashSessionToken(refreshToken);
    expect(store.markUsed(tokenHash, now)).toBe(true);
    expect(store.markUsed(tokenHash, now)).toBe(false);
    expect(store.markUsed('no-such-hash', now)).toBe(false);
  });

  it('hands out copies, so editing a found record does not change the store', () => {
    const { refreshToken } = rotation().issue('alice');
    const tokenHash = hashSessionToken(refreshToken);
    const copy = store.find(tokenHash);
    if (copy) copy.revokedAtMs = 1;
    expect(store.find(tokenHash)?.revokedAtMs).toBeNull();
  });
});
