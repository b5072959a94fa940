import type { LockoutState, LockoutStore, RefreshTokenRecord, RefreshTokenStore } from '@authlab/auth-core';
import type { SQLiteDatabase } from './database.ts';

export interface StoredUser {
  username: string;
  /** The credential column exactly as stored: plain text, a hex digest or a bcrypt hash. */
  stored: string;
}

/** A re-hash at login: `previous` is the value the password was just checked against. */
export interface StoredReplacement {
  username: string;
  previous: string;
  next: string;
}

export interface UserTable {
  /** Returns false when the name is taken; the primary key decides, so concurrent inserts cannot both win. */
  insert(user: StoredUser): boolean;
  find(username: string): StoredUser | undefined;
  all(): StoredUser[];
  count(): number;
  /** Where a password reset would be sent; null until the user sets one. */
  recoveryEmailOf(username: string): string | null;
  setRecoveryEmail(username: string, email: string): void;
  /**
   * Swaps a user's stored value only if it is still `previous`, so a re-hash that finishes late
   * cannot overwrite a value written since. Returns whether it swapped.
   */
  replaceStored(replacement: StoredReplacement): boolean;
}

export interface SessionTable {
  insert(tokenHash: string, username: string): void;
  findUsername(tokenHash: string): string | undefined;
  /** The session's owner and when it began, so a stage can end sessions by age. */
  find(tokenHash: string): { username: string; createdAtMs: number } | undefined;
  delete(tokenHash: string): boolean;
  /** Deletes sessions that began at or before `cutoffMs`; returns how many. */
  deleteStartedBefore(cutoffMs: number): number;
}

/** Everything one stage persists, scoped to that stage. */
export interface StageStore {
  users: UserTable;
  sessions: SessionTable;
  refreshTokens: RefreshTokenStore;
  lockouts: LockoutStore;
  /** Deletes every row of this stage, atomically. */
  reset(): void;
}

interface RefreshRow {
  token_hash: string;
  family_id: string;
  username: string;
  expires_at_ms: number;
  family_expires_at_ms: number;
  used_at_ms: number | null;
  revoked_at_ms: number | null;
}

interface LockoutRow {
  failures: number;
  last_failure_at_ms: number;
  locked_until_ms: number | null;
}

export function createStageStore(database: SQLiteDatabase, stage: string, clock: () => number): StageStore {
  const sql = {
    insertUser: database.prepare('INSERT OR IGNORE INTO users (stage, username, stored, created_at_ms) VALUES (?, ?, ?, ?)'),
    findUser: database.prepare<[string, string], StoredUser>('SELECT username, stored FROM users WHERE stage = ? AND username = ?'),
    replaceStored: database.prepare('UPDATE users SET stored = ? WHERE stage = ? AND username = ? AND stored = ?'),
    countUsers: database.prepare<[string], { count: number }>('SELECT COUNT(*) AS count FROM users WHERE stage = ?'),
    allUsers: database.prepare<[string], StoredUser>('SELECT username, stored FROM users WHERE stage = ? ORDER BY created_at_ms, username'),
    findRecoveryEmail: database.prepare<[string, string], { recovery_email: string | null }>('SELECT recovery_email FROM users WHERE stage = ? AND username = ?'),
    setRecoveryEmail: database.prepare('UPDATE users SET recovery_email = ? WHERE stage = ? AND username = ?'),
    insertSession: database.prepare('INSERT INTO sessions (stage, token_hash, username, created_at_ms) VALUES (?, ?, ?, ?)'),
    findSession: database.prepare<[string, string], { username: string; created_at_ms: number }>(
      'SELECT username, created_at_ms FROM sessions WHERE stage = ? AND token_hash = ?',
    ),
    deleteSession: database.prepare('DELETE FROM sessions WHERE stage = ? AND token_hash = ?'),
    deleteOldSessions: database.prepare('DELETE FROM sessions WHERE stage = ? AND created_at_ms <= ?'),
    insertRefresh: database.prepare(
      `INSERT INTO refresh_tokens (stage, token_hash, family_id, username, expires_at_ms, family_expires_at_ms, used_at_ms, revoked_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    findRefresh: database.prepare<[string, string], RefreshRow>(
      `SELECT token_hash, family_id, username, expires_at_ms, family_expires_at_ms, used_at_ms, revoked_at_ms
       FROM refresh_tokens WHERE stage = ? AND token_hash = ?`,
    ),
    deleteExpiredRefresh: database.prepare('DELETE FROM refresh_tokens WHERE stage = ? AND expires_at_ms <= ?'),
    markRefreshUsed: database.prepare('UPDATE refresh_tokens SET used_at_ms = ? WHERE stage = ? AND token_hash = ? AND used_at_ms IS NULL'),
    revokeFamily: database.prepare('UPDATE refresh_tokens SET revoked_at_ms = ? WHERE stage = ? AND family_id = ? AND revoked_at_ms IS NULL'),
    findLockout: database.prepare<[string, string], LockoutRow>('SELECT failures, last_failure_at_ms, locked_until_ms FROM lockouts WHERE stage = ? AND username = ?'),
    upsertLockout: database.prepare(
      `INSERT INTO lockouts (stage, username, failures, last_failure_at_ms, locked_until_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stage, username) DO UPDATE SET failures = excluded.failures,
         last_failure_at_ms = excluded.last_failure_at_ms, locked_until_ms = excluded.locked_until_ms`,
    ),
    deleteLockout: database.prepare('DELETE FROM lockouts WHERE stage = ? AND username = ?'),
    deleteForgottenLockouts: database.prepare('DELETE FROM lockouts WHERE stage = ? AND last_failure_at_ms <= ? AND (locked_until_ms IS NULL OR locked_until_ms <= ?)'),
    resetTables: ['users', 'sessions', 'refresh_tokens', 'lockouts'].map((table) => database.prepare(`DELETE FROM ${table} WHERE stage = ?`)),
  };

  const resetStage = database.transaction(() => {
    for (const statement of sql.resetTables) statement.run(stage);
  });

  function readLockout(username: string): LockoutState | undefined {
    const row = sql.findLockout.get(stage, username);
    return row && { failures: row.failures, lastFailureAtMs: row.last_failure_at_ms, lockedUntilMs: row.locked_until_ms };
  }
  // IMMEDIATE takes the write lock before reading, so even another process sharing this file
  // cannot read the same count in between.
  const updateLockout = database.transaction((username: string, change: (current: LockoutState | undefined) => LockoutState | undefined) => {
    const current = readLockout(username);
    const next = change(current);
    if (next === current) return; // a refused attempt changes nothing, so it writes nothing
    if (next === undefined) sql.deleteLockout.run(stage, username);
    else sql.upsertLockout.run(stage, username, next.failures, next.lastFailureAtMs, next.lockedUntilMs);
  });

  return {
    users: {
      insert: (user) => sql.insertUser.run(stage, user.username, user.stored, clock()).changes === 1,
      find: (username) => sql.findUser.get(stage, username),
      all: () => sql.allUsers.all(stage),
      count: () => sql.countUsers.get(stage)?.count ?? 0,
      recoveryEmailOf: (username) => sql.findRecoveryEmail.get(stage, username)?.recovery_email ?? null,
      setRecoveryEmail: (username, email) => void sql.setRecoveryEmail.run(email, stage, username),
      replaceStored: ({ username, previous, next }) => sql.replaceStored.run(next, stage, username, previous).changes === 1,
    },
    sessions: {
      insert: (tokenHash, username) => void sql.insertSession.run(stage, tokenHash, username, clock()),
      findUsername: (tokenHash) => sql.findSession.get(stage, tokenHash)?.username,
      find: (tokenHash) => {
        const row = sql.findSession.get(stage, tokenHash);
        return row && { username: row.username, createdAtMs: row.created_at_ms };
      },
      delete: (tokenHash) => sql.deleteSession.run(stage, tokenHash).changes === 1,
      deleteStartedBefore: (cutoffMs) => sql.deleteOldSessions.run(stage, cutoffMs).changes,
    },
    refreshTokens: {
      insert: (record: RefreshTokenRecord) =>
        void sql.insertRefresh.run(
          stage,
          record.tokenHash,
          record.familyId,
          record.username,
          record.expiresAtMs,
          record.familyExpiresAtMs,
          record.usedAtMs,
          record.revokedAtMs,
        ),
      find: (tokenHash) => {
        const row = sql.findRefresh.get(stage, tokenHash);
        return (
          row && {
            tokenHash: row.token_hash,
            familyId: row.family_id,
            username: row.username,
            expiresAtMs: row.expires_at_ms,
            familyExpiresAtMs: row.family_expires_at_ms,
            usedAtMs: row.used_at_ms,
            revokedAtMs: row.revoked_at_ms,
          }
        );
      },
      markUsed: (tokenHash, usedAtMs) => sql.markRefreshUsed.run(usedAtMs, stage, tokenHash).changes === 1,
      revokeFamily: (familyId, revokedAtMs) => void sql.revokeFamily.run(revokedAtMs, stage, familyId),
      deleteExpired: (nowMs) => sql.deleteExpiredRefresh.run(stage, nowMs).changes,
    },
    lockouts: {
      get: readLockout,
      update: (username, change) => updateLockout.immediate(username, change),
      deleteForgotten: (cutoffMs, nowMs) => sql.deleteForgottenLockouts.run(stage, cutoffMs, nowMs).changes,
    },
    reset: () => resetStage(),
  };
}

/**
 * Deletes the rows of every classroom workspace (keys `w-…/<stage>`) except those of `keep`. A
 * classroom's tokens live only as long as its process, so a new one starts by clearing what the
 * last one's learners left; while it runs, this also catches rows a removed workspace's last
 * requests wrote after it was deleted.
 */
export function deleteWorkspaceRows(database: SQLiteDatabase, keep: readonly string[] = []): void {
  const kept = JSON.stringify(keep);
  database.transaction(() => {
    for (const table of ['users', 'sessions', 'refresh_tokens', 'lockouts']) {
      database.prepare(`DELETE FROM ${table} WHERE stage LIKE 'w-%' AND substr(stage, 1, instr(stage, '/') - 1) NOT IN (SELECT value FROM json_each(?))`).run(kept);
    }
  })();
}
