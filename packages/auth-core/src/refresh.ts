import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from './clock.ts';
import { createSessionToken, hashSessionToken } from './session-token.ts';

/** One stored refresh token. Only its hash is kept, never the token. */
export interface RefreshTokenRecord {
  tokenHash: string;
  /** Every token descended from one login shares a family id. */
  familyId: string;
  username: string;
  expiresAtMs: number;
  /** When the whole family ends, however often it is rotated: no token of it lives past this. */
  familyExpiresAtMs: number;
  usedAtMs: number | null;
  revokedAtMs: number | null;
}

/**
 * Storage the rotation needs, in memory or in a database several processes share. Each method is
 * one atomic step; `markUsed` in particular must be a compare-and-set (an UPDATE … WHERE unused),
 * so two processes spending the same token at once cannot both succeed.
 */
export interface RefreshTokenStore {
  insert(record: RefreshTokenRecord): Promise<void>;
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks an unused token used; returns false if it was already used (a lost race counts as reuse). */
  markUsed(tokenHash: string, usedAtMs: number): Promise<boolean>;
  revokeFamily(familyId: string, revokedAtMs: number): Promise<void>;
  /** Deletes tokens that expired at or before `nowMs`; returns how many went. */
  deleteExpired(nowMs: number): Promise<number>;
}

export interface IssuedRefreshToken {
  refreshToken: string;
  familyId: string;
}

export type RotateResult = { ok: true; username: string; familyId: string; refreshToken: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

export interface RefreshRotation {
  readonly ttlSeconds: number;
  readonly familyLifetimeSeconds: number;
  /** Starts a new family at login. */
  issue(username: string): Promise<IssuedRefreshToken>;
  /** Spends a refresh token and hands out its successor. */
  rotate(refreshToken: string): Promise<RotateResult>;
  /** Ends a family, as logout does. */
  revokeFamily(familyId: string): Promise<void>;
  /**
   * Deletes expired tokens. An expired token can only ever answer "expired", and no token outlives
   * its family's lifetime, so what is stored stays bounded by the families still alive.
   */
  sweep(): Promise<number>;
}

export interface RefreshRotationOptions {
  store: RefreshTokenStore;
  /** Lifetime of one refresh token; rotating hands out a fresh one. */
  ttlSeconds: number;
  /** Lifetime of a whole family from its login: rotation must not keep a stolen session alive forever. */
  familyLifetimeSeconds: number;
  clock?: Clock;
}

/**
 * Refresh tokens are single use. Presenting a spent one means two parties hold the same
 * token — the user and a thief — and we cannot tell which is which, so the whole family
 * is revoked and both must log in again.
 */
export function createRefreshRotation(options: RefreshRotationOptions): RefreshRotation {
  const { store, ttlSeconds, familyLifetimeSeconds } = options;
  const clock = options.clock ?? systemClock;

  async function issueInFamily(username: string, familyId: string, familyExpiresAtMs: number): Promise<string> {
    const refreshToken = createSessionToken();
    await store.insert({
      tokenHash: hashSessionToken(refreshToken),
      familyId,
      username,
      expiresAtMs: Math.min(clock() + ttlSeconds * 1000, familyExpiresAtMs),
      familyExpiresAtMs,
      usedAtMs: null,
      revokedAtMs: null,
    });
    return refreshToken;
  }

  return {
    ttlSeconds,
    familyLifetimeSeconds,
    async issue(username) {
      const familyId = randomUUID();
      return { refreshToken: await issueInFamily(username, familyId, clock() + familyLifetimeSeconds * 1000), familyId };
    },
    async rotate(refreshToken) {
      const tokenHash = hashSessionToken(refreshToken);
      const record = await store.find(tokenHash);
      const now = clock();
      if (record === undefined) return { ok: false, reason: 'unknown' };
      if (record.revokedAtMs !== null) return { ok: false, reason: 'revoked' };
      if (record.usedAtMs === null && record.expiresAtMs <= now) return { ok: false, reason: 'expired' };
      if (record.usedAtMs !== null || !(await store.markUsed(tokenHash, now))) {
        await store.revokeFamily(record.familyId, now);
        return { ok: false, reason: 'reused' };
      }
      const successor = await issueInFamily(record.username, record.familyId, record.familyExpiresAtMs);
      // With a shared database, a copy spent at the same moment may have revoked the family between
      // our markUsed and the successor's insert, missing the successor. Looking again after the
      // insert closes that gap: a revocation either came before this read or sees the new token.
      if ((await store.find(tokenHash))?.revokedAtMs != null) {
        await store.revokeFamily(record.familyId, now);
        return { ok: false, reason: 'revoked' };
      }
      return { ok: true, username: record.username, familyId: record.familyId, refreshToken: successor };
    },
    revokeFamily: (familyId) => store.revokeFamily(familyId, clock()),
    sweep: () => store.deleteExpired(clock()),
  };
}

/** A Map-backed store for tests and the exercises; the server keeps its tokens in its database. */
export function createMemoryRefreshTokenStore(): RefreshTokenStore {
  const records = new Map<string, RefreshTokenRecord>();
  return {
    async insert(record) {
      records.set(record.tokenHash, { ...record });
    },
    async find(tokenHash) {
      const record = records.get(tokenHash);
      return record && { ...record };
    },
    async markUsed(tokenHash, usedAtMs) {
      const record = records.get(tokenHash);
      if (record === undefined || record.usedAtMs !== null) return false;
      record.usedAtMs = usedAtMs;
      return true;
    },
    async revokeFamily(familyId, revokedAtMs) {
      for (const record of records.values()) {
        if (record.familyId === familyId && record.revokedAtMs === null) record.revokedAtMs = revokedAtMs;
      }
    },
    async deleteExpired(nowMs) {
      let deleted = 0;
      for (const [tokenHash, record] of records) {
        if (record.expiresAtMs <= nowMs) {
          records.delete(tokenHash);
          deleted += 1;
        }
      }
      return deleted;
    },
  };
}
