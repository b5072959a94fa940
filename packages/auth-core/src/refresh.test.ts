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
async function rotateOk(refreshToken: string) {
  const result = await rotation().rotate(refreshToken);
  if (!result.ok) throw new Error(`expected rotation to succeed, got ${result.reason}`);
  return result;
}

describe('the family lifetime', () => {
  it('ends a family at its absolute lifetime however often it is rotated', async () => {
    let token = (await rotation().issue('alice')).refreshToken;
    // Rotate every 50 minutes, always inside the one-hour TTL: without a family limit this goes on for ever.
    while (now + 50 * 60_000 < START_MS + FAMILY_LIFETIME * 1000) {
      now += 50 * 60_000;
      token = (await rotateOk(token)).refreshToken;
    }
    now = START_MS + FAMILY_LIFETIME * 1000;
    expect(await rotation().rotate(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('never hands out a token that outlives its family', async () => {
    let token = (await rotation().issue('alice')).refreshToken;
    for (let step = 0; step < 4; step++) {
      now += 50 * 60_000;
      token = (await rotateOk(token)).refreshToken;
    }
    // 200 minutes in, 40 left in the family: the successor gets those 40, not a full hour.
    expect((await store.find(hashSessionToken(token)))?.expiresAtMs).toBe(START_MS + FAMILY_LIFETIME * 1000);
  });
});

describe('sweep', () => {
  it('deletes expired tokens, spent or not, and keeps live ones', async () => {
    const spent = await rotation().issue('alice');
    const live = await rotateOk(spent.refreshToken);
    const idle = await rotation().issue('bob');
    now += TTL * 1000 - 1;
    const fresh = await rotateOk(live.refreshToken);
    now += 1;
    expect(await rotation().sweep()).toBe(3);
    expect(await store.find(hashSessionToken(idle.refreshToken))).toBeUndefined();
    expect(await store.find(hashSessionToken(fresh.refreshToken))).toBeDefined();
  });
});

describe('createRefreshRotation', () => {
  it('starts a new family with an opaque token at each login', async () => {
    const first = await rotation().issue('alice');
    const second = await rotation().issue('alice');
    expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.familyId).not.toBe(second.familyId);
    expect(first.refreshToken).not.toBe(second.refreshToken);
  });

  it('rotates a token into a new token in the same family for the same user', async () => {
    const issued = await rotation().issue('alice');
    const rotated = await rotateOk(issued.refreshToken);
    expect(rotated).toEqual({ ok: true, username: 'alice', familyId: issued.familyId, refreshToken: expect.any(String) });
    expect(rotated.refreshToken).not.toBe(issued.refreshToken);
  });

  it('lets the chain continue: each successor can be rotated in turn', async () => {
    const issued = await rotation().issue('alice');
    const second = await rotateOk(issued.refreshToken);
    const third = await rotateOk(second.refreshToken);
    expect(third.familyId).toBe(issued.familyId);
  });

  it('reports reuse of a spent token and revokes the whole family', async () => {
    const issued = await rotation().issue('alice');
    const newest = await rotateOk(issued.refreshToken);

    expect(await rotation().rotate(issued.refreshToken)).toEqual({ ok: false, reason: 'reused' });
    expect(await rotation().rotate(newest.refreshToken)).toEqual({ ok: false, reason: 'revoked' });
    expect((await store.find(hashSessionToken(newest.refreshToken)))?.revokedAtMs).toBe(now);
  });

  it('leaves other families alone when one family is revoked for reuse', async () => {
    const victim = await rotation().issue('alice');
    const bystander = await rotation().issue('alice');
    await rotateOk(victim.refreshToken);
    await rotation().rotate(victim.refreshToken);
    expect((await rotateOk(bystander.refreshToken)).familyId).toBe(bystander.familyId);
  });

  it('reports a token it never issued as unknown', async () => {
    await rotation().issue('alice');
    expect(await rotation().rotate(createSessionToken())).toEqual({ ok: false, reason: 'unknown' });
    expect(await rotation().rotate('')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('still rotates a token one second before its lifetime ends', async () => {
    const issued = await rotation().issue('alice');
    now += (TTL - 1) * 1000;
    expect((await rotation().rotate(issued.refreshToken)).ok).toBe(true);
  });

  it('reports a token as expired once its lifetime has passed', async () => {
    const issued = await rotation().issue('alice');
    now += TTL * 1000;
    expect(await rotation().rotate(issued.refreshToken)).toEqual({ ok: false, reason: 'expired' });
  });

  it('gives each successor a full lifetime counted from its rotation', async () => {
    const issued = await rotation().issue('alice');
    now += (TTL - 10) * 1000;
    const successor = await rotateOk(issued.refreshToken);
    now += (TTL - 10) * 1000;
    expect((await rotation().rotate(successor.refreshToken)).ok).toBe(true);
  });

  it('refuses every token of a family after revokeFamily, as logout does', async () => {
    const issued = await rotation().issue('alice');
    const current = await rotateOk(issued.refreshToken);
    await rotation().revokeFamily(issued.familyId);
    expect(await rotation().rotate(current.refreshToken)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('stores only the hash of a token, never the token itself', async () => {
    const { refreshToken, familyId } = await rotation().issue('alice');
    expect(await store.find(refreshToken)).toBeUndefined();
    const record = await store.find(hashSessionToken(refreshToken));
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

  it('records when a token was spent', async () => {
    const { refreshToken } = await rotation().issue('alice');
    now += 5_000;
    await rotateOk(refreshToken);
    expect((await store.find(hashSessionToken(refreshToken)))?.usedAtMs).toBe(START_MS + 5_000);
  });
});

describe('createMemoryRefreshTokenStore', () => {
  it('marks a token used only once, so a lost race counts as reuse', async () => {
    const { refreshToken } = await rotation().issue('alice');
    const tokenHash = hashSessionToken(refreshToken);
    expect(await store.markUsed(tokenHash, now)).toBe(true);
    expect(await store.markUsed(tokenHash, now)).toBe(false);
    expect(await store.markUsed('no-such-hash', now)).toBe(false);
  });

  it('refuses both of two simultaneous rotations of one token, and no successor outlives the family', async () => {
    const { refreshToken } = await rotation().issue('alice');
    // Both are in flight before either has an answer: each finds the token unused, markUsed lets
    // one through, and the other's reuse revokes the family. Whichever order the steps land in
    // (a shared database interleaves them freely), neither holder keeps a live token.
    const results = await Promise.all([rotation().rotate(refreshToken), rotation().rotate(refreshToken)]);
    expect(results.map((result) => (result.ok ? 'ok' : result.reason)).sort()).toEqual(['reused', 'revoked']);
    expect((await store.find(hashSessionToken(refreshToken)))?.revokedAtMs).toBe(now);
  });

  it('revokes a successor whose family was revoked while it was being issued', async () => {
    const { refreshToken, familyId } = await rotation().issue('alice');
    // The gap a shared database leaves open: another process revokes the family after this
    // rotation spent the token but before its successor was inserted.
    const racing: typeof store = {
      ...store,
      insert: async (record) => {
        await store.revokeFamily(familyId, now);
        await store.insert(record);
      },
    };
    const result = await createRefreshRotation({ store: racing, ttlSeconds: TTL, familyLifetimeSeconds: FAMILY_LIFETIME, clock }).rotate(refreshToken);
    expect(result).toEqual({ ok: false, reason: 'revoked' });
  });

  it('hands out copies, so editing a found record does not change the store', async () => {
    const { refreshToken } = await rotation().issue('alice');
    const tokenHash = hashSessionToken(refreshToken);
    const copy = await store.find(tokenHash);
    if (copy) copy.revokedAtMs = 1;
    expect((await store.find(tokenHash))?.revokedAtMs).toBeNull();
  });
});
