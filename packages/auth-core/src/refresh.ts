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
  usedAtMs: number | null;
  revokedAtMs: number | null;
}

/** Storage the rotation needs. Methods are synchronous so each one is atomic in Node's event loop. */
export interface RefreshTokenStore {
  insert(record: RefreshTokenRecord): void;
  find(tokenHash: string): RefreshTokenRecord | undefined;
  /** Marks an unused token used; returns false if it was already used (a lost race counts as reuse). */
  markUsed(tokenHash: string, usedAtMs: number): boolean;
  revokeFamily(familyId: string, revokedAtMs: number): void;
}

export interface IssuedRefreshToken {
  refreshToken: string;
  familyId: string;
}

export type RotateResult =
  | { ok: true; username: string; familyId: string; refreshToken: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

export interface RefreshRotation {
  readonly ttlSeconds: number;
  /** Starts a new family at login. */
  issue(username: string): IssuedRefreshToken;
  /** Spends a refresh token and hands out its successor. */
  rotate(refreshToken: string): RotateResult;
  /** Ends a family, as logout does. */
  revokeFamily(familyId: string): void;
}

export interface RefreshRotationOptions {
  store: RefreshTokenStore;
  ttlSeconds: number;
  clock?: Clock;
}

/**
 * Refresh tokens are single use. Presenting a spent one means two parties hold the same
 * token — the user and a thief — and we cannot tell which is which, so the whole family
 * is revoked and both must log in again.
 */
export function createRefreshRotation(options: RefreshRotationOptions): RefreshRotation {
  const { store, ttlSeconds } = options;
  const clock = options.clock ?? systemClock;

  function issueInFamily(username: string, familyId: string): string {
    const refreshToken = createSessionToken();
    store.insert({
      tokenHash: hashSessionToken(refreshToken),
      familyId,
      username,
      expiresAtMs: clock() + ttlSeconds * 1000,
      usedAtMs: null,
      revokedAtMs: null,
    });
    return refreshToken;
  }

  return {
    ttlSeconds,
    issue(username) {
      const familyId = randomUUID();
      return { refreshToken: issueInFamily(username, familyId), familyId };
    },
    rotate(refreshToken) {
      const tokenHash = hashSessionToken(refreshToken);
      const record = store.find(tokenHash);
      const now = clock();
      if (record === undefined) return { ok: false, reason: 'unknown' };
      if (record.revokedAtMs !== null) return { ok: false, reason: 'revoked' };
      if (record.usedAtMs === null && record.expiresAtMs <= now) return { ok: false, reason: 'expired' };
      if (record.usedAtMs !== null || !store.markUsed(tokenHash, now)) {
        store.revokeFamily(record.familyId, now);
        return { ok: false, reason: 'reused' };
      }
      return {
        ok: true,
        username: record.username,
        familyId: record.familyId,
        refreshToken: issueInFamily(record.username, record.familyId),
      };
    },
    revokeFamily(familyId) {
      store.revokeFamily(familyId, clock());
    },
  };
}

/** A Map-backed store for tests and the exercises; the server keeps its tokens in SQLite. */
export function createMemoryRefreshTokenStore(): RefreshTokenStore {
  const records = new Map<string, RefreshTokenRecord>();
  return {
    insert(record) {
      records.set(record.tokenHash, { ...record });
    },
    find(tokenHash) {
      const record = records.get(tokenHash);
      return record && { ...record };
    },
    markUsed(tokenHash, usedAtMs) {
      const record = records.get(tokenHash);
      if (record === undefined || record.usedAtMs !== null) return false;
      record.usedAtMs = usedAtMs;
      return true;
    },
    revokeFamily(familyId, revokedAtMs) {
      for (const record of records.values()) {
        if (record.familyId === familyId && record.revokedAtMs === null) record.revokedAtMs = revokedAtMs;
      }
    },
  };
}
