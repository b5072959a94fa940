import { describe, expect, it } from 'vitest';
import { verdictFreshness } from './verdict-freshness.ts';

const checkedAt = { atMs: 1_000_000, clockOffsetSeconds: 0 };
/** exp 10 s after the check, by the server's clock. */
const expiresAtSeconds = 1_010;

describe('verdictFreshness', () => {
  it('keeps an answer fresh while neither the clock nor the expiry has moved past it', () => {
    expect(verdictFreshness(checkedAt, { atMs: 1_009_000, clockOffsetSeconds: 0 }, expiresAtSeconds)).toEqual({ stale: false });
  });

  it("marks it stale once the token's exp has passed since the answer", () => {
    expect(verdictFreshness(checkedAt, { atMs: 1_010_000, clockOffsetSeconds: 0 }, expiresAtSeconds)).toEqual({
      stale: true,
      reason: 'the token has expired since this answer',
    });
  });

  it('marks it stale when the demo clock moved forward, even before the token expires', () => {
    expect(verdictFreshness(checkedAt, { atMs: 1_001_000, clockOffsetSeconds: 5 }, expiresAtSeconds)).toEqual({
      stale: true,
      reason: 'the demo clock moved forward 5 s since this answer',
    });
  });

  it('marks it stale when a reset put the demo clock back', () => {
    const afterAdvance = { atMs: 1_000_000, clockOffsetSeconds: 901 };
    expect(verdictFreshness(afterAdvance, { atMs: 1_001_000, clockOffsetSeconds: 0 }, expiresAtSeconds)).toEqual({
      stale: true,
      reason: 'the demo clock moved back 15 min 1 s since this answer',
    });
  });

  it('reads expiry by the server clock: an offset the answer already knew still counts', () => {
    const ahead = { atMs: 1_000_000, clockOffsetSeconds: 5 };
    expect(verdictFreshness(ahead, { atMs: 1_004_000, clockOffsetSeconds: 5 }, expiresAtSeconds)).toEqual({ stale: false });
    expect(verdictFreshness(ahead, { atMs: 1_005_000, clockOffsetSeconds: 5 }, expiresAtSeconds).stale).toBe(true);
  });

  it('never calls an answer about an already expired token, or one without exp, stale by time alone', () => {
    expect(verdictFreshness({ atMs: 1_020_000, clockOffsetSeconds: 0 }, { atMs: 1_900_000, clockOffsetSeconds: 0 }, expiresAtSeconds)).toEqual({ stale: false });
    expect(verdictFreshness(checkedAt, { atMs: 9_000_000, clockOffsetSeconds: 0 }, undefined)).toEqual({ stale: false });
  });
});
