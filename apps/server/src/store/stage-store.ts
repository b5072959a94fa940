import type { LockoutState, LockoutStore, RefreshTokenRecord, RefreshTokenStore } from '@authlab/auth-core';
import type { LabDatabase } from './database.ts';
import { countRows, insertWithinCap, type RowCap } from './row-cap.ts';
import { STAGE_TABLES, stageOfWorkspace, type LabQueries, type LabTables } from './tables.ts';

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
  insert(user: StoredUser): Promise<boolean>;
  find(username: string): Promise<StoredUser | undefined>;
  all(): Promise<StoredUser[]>;
  count(): Promise<number>;
  /** Where a password reset would be sent; null until the user sets one. */
  recoveryEmailOf(username: string): Promise<string | null>;
  setRecoveryEmail(username: string, email: string): Promise<void>;
  /**
   * Swaps a user's stored value only if it is still `previous`, so a re-hash that finishes late
   * cannot overwrite a value written since. Returns whether it swapped.
   */
  replaceStored(replacement: StoredReplacement): Promise<boolean>;
}

export interface SessionTable {
  insert(tokenHash: string, username: string): Promise<void>;
  findUsername(tokenHash: string): Promise<string | undefined>;
  /** The session's owner and when it began, so a stage can end sessions by age. */
  find(tokenHash: string): Promise<{ username: string; createdAtMs: number } | undefined>;
  delete(tokenHash: string): Promise<boolean>;
  /** Deletes sessions that began at or before `cutoffMs`; returns how many. */
  deleteStartedBefore(cutoffMs: number): Promise<number>;
}

/** Everything one stage persists, scoped to that stage. */
export interface StageStore {
  users: UserTable;
  sessions: SessionTable;
  refreshTokens: RefreshTokenStore;
  lockouts: LockoutStore;
  /** Deletes every row of this stage, atomically. */
  reset(): Promise<void>;
}

type LockoutRow = Pick<LabTables['lockouts'], 'failures' | 'last_failure_at_ms' | 'locked_until_ms'>;

const lockoutStateOf = (row: LockoutRow | undefined): LockoutState | undefined =>
  row && { failures: row.failures, lastFailureAtMs: row.last_failure_at_ms, lockedUntilMs: row.locked_until_ms };

/** Classroom mode: `userCap` is how many accounts one stage may hold, and what a registration past that gets. */
export function createStageStore(database: LabDatabase, stage: string, clock: () => number, options: { userCap?: RowCap } = {}): StageStore {
  const { db } = database;
  const users = (queries: LabQueries = db) => queries.selectFrom('users').where('stage', '=', stage);
  const sessions = () => db.selectFrom('sessions').where('stage', '=', stage);
  const countUsers = (queries: LabQueries = db): Promise<number> => countRows(users(queries));
  const insertUser = async (user: StoredUser, queries: LabQueries = db): Promise<boolean> => {
    const result = await queries
      .insertInto('users')
      .values({ stage, username: user.username, stored: user.stored, created_at_ms: clock(), recovery_email: null })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows === 1n;
  };
  const { userCap } = options;
  // Every way in (register, a legacy plant) ends here, so the cap holds however the route is spelled.
  const insertCapped = (cap: RowCap) => (user: StoredUser) => insertWithinCap(database, `users:${stage}`, cap, { count: countUsers, insert: (trx) => insertUser(user, trx) });

  return {
    users: {
      insert: userCap === undefined ? (user) => insertUser(user) : insertCapped(userCap),
      find: (username) => users().select(['username', 'stored']).where('username', '=', username).executeTakeFirst(),
      all: () => users().select(['username', 'stored']).orderBy('created_at_ms').orderBy('username').execute(),
      count: () => countUsers(),
      recoveryEmailOf: async (username) => (await users().select('recovery_email').where('username', '=', username).executeTakeFirst())?.recovery_email ?? null,
      setRecoveryEmail: async (username, email) => {
        await db.updateTable('users').set({ recovery_email: email }).where('stage', '=', stage).where('username', '=', username).execute();
      },
      replaceStored: async ({ username, previous, next }) => {
        const result = await db
          .updateTable('users')
          .set({ stored: next })
          .where('stage', '=', stage)
          .where('username', '=', username)
          .where('stored', '=', previous)
          .executeTakeFirst();
        return result.numUpdatedRows === 1n;
      },
    },
    sessions: {
      insert: async (tokenHash, username) => {
        await db.insertInto('sessions').values({ stage, token_hash: tokenHash, username, created_at_ms: clock() }).execute();
      },
      findUsername: async (tokenHash) => (await sessions().select('username').where('token_hash', '=', tokenHash).executeTakeFirst())?.username,
      find: async (tokenHash) => {
        const row = await sessions().select(['username', 'created_at_ms']).where('token_hash', '=', tokenHash).executeTakeFirst();
        return row && { username: row.username, createdAtMs: row.created_at_ms };
      },
      delete: async (tokenHash) => {
        const result = await db.deleteFrom('sessions').where('stage', '=', stage).where('token_hash', '=', tokenHash).executeTakeFirst();
        return result.numDeletedRows === 1n;
      },
      deleteStartedBefore: async (cutoffMs) => {
        const result = await db.deleteFrom('sessions').where('stage', '=', stage).where('created_at_ms', '<=', cutoffMs).executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
    refreshTokens: {
      insert: async (record: RefreshTokenRecord) => {
        await db
          .insertInto('refresh_tokens')
          .values({
            stage,
            token_hash: record.tokenHash,
            family_id: record.familyId,
            username: record.username,
            expires_at_ms: record.expiresAtMs,
            family_expires_at_ms: record.familyExpiresAtMs,
            used_at_ms: record.usedAtMs,
            revoked_at_ms: record.revokedAtMs,
          })
          .execute();
      },
      find: async (tokenHash) => {
        const row = await db.selectFrom('refresh_tokens').selectAll().where('stage', '=', stage).where('token_hash', '=', tokenHash).executeTakeFirst();
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
      // A compare-and-set: of two processes spending the same token at once, one updates the row
      // and the other finds it already used.
      markUsed: async (tokenHash, usedAtMs) => {
        const result = await db
          .updateTable('refresh_tokens')
          .set({ used_at_ms: usedAtMs })
          .where('stage', '=', stage)
          .where('token_hash', '=', tokenHash)
          .where('used_at_ms', 'is', null)
          .executeTakeFirst();
        return result.numUpdatedRows === 1n;
      },
      revokeFamily: async (familyId, revokedAtMs) => {
        await db
          .updateTable('refresh_tokens')
          .set({ revoked_at_ms: revokedAtMs })
          .where('stage', '=', stage)
          .where('family_id', '=', familyId)
          .where('revoked_at_ms', 'is', null)
          .execute();
      },
      deleteExpired: async (nowMs) => {
        const result = await db.deleteFrom('refresh_tokens').where('stage', '=', stage).where('expires_at_ms', '<=', nowMs).executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
    lockouts: {
      get: async (username) =>
        lockoutStateOf(
          await db
            .selectFrom('lockouts')
            .select(['failures', 'last_failure_at_ms', 'locked_until_ms'])
            .where('stage', '=', stage)
            .where('username', '=', username)
            .executeTakeFirst(),
        ),
      // Read, decide and write under the name's lock: however many processes serve the stage, no
      // two attempts on one name can read the same count.
      update: (username, change) =>
        database.lockedTransaction(`lockout:${stage}:${username}`, async (trx) => {
          const current = lockoutStateOf(
            await trx
              .selectFrom('lockouts')
              .select(['failures', 'last_failure_at_ms', 'locked_until_ms'])
              .where('stage', '=', stage)
              .where('username', '=', username)
              .executeTakeFirst(),
          );
          const next = change(current);
          if (next === current) return; // a refused attempt changes nothing, so it writes nothing
          if (next === undefined) {
            await trx.deleteFrom('lockouts').where('stage', '=', stage).where('username', '=', username).execute();
            return;
          }
          const values = { failures: next.failures, last_failure_at_ms: next.lastFailureAtMs, locked_until_ms: next.lockedUntilMs };
          await trx
            .insertInto('lockouts')
            .values({ stage, username, ...values })
            .onConflict((conflict) => conflict.columns(['stage', 'username']).doUpdateSet(values))
            .execute();
        }),
      deleteForgotten: async (cutoffMs, nowMs) => {
        const result = await db
          .deleteFrom('lockouts')
          .where('stage', '=', stage)
          .where('last_failure_at_ms', '<=', cutoffMs)
          .where((eb) => eb.or([eb('locked_until_ms', 'is', null), eb('locked_until_ms', '<=', nowMs)]))
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
    reset: () =>
      db.transaction().execute(async (trx) => {
        for (const table of STAGE_TABLES) await trx.deleteFrom(table).where('stage', '=', stage).execute();
      }),
  };
}

/** Deletes every row the stages of one workspace (`w-…`) stored, its demo clocks and mistakes included. */
export async function deleteStageRowsOf(database: LabDatabase, workspace: string): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const table of [...STAGE_TABLES, 'stage_controls'] as const) await trx.deleteFrom(table).where(stageOfWorkspace(workspace)).execute();
  });
}

/**
 * Deletes the rows of every classroom workspace (keys `w-…/<stage>`) except those of `keep` and of
 * the workspaces the class still has: rows a removed workspace's last requests wrote after it was
 * deleted, in this process or another.
 */
export async function deleteWorkspaceRows(database: LabDatabase, keep: readonly string[] = []): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const table of STAGE_TABLES) {
      // The distinct keys first, then the ones to go: the same two queries on either engine, and
      // no list of every kept workspace spelled into one statement.
      const keys = await trx.selectFrom(table).select('stage').distinct().where('stage', 'like', 'w-%').execute();
      // The class read after the keys: a workspace is in the database before any row of its stages
      // is, so one that joined while the caller was looking (another process's learner) is kept.
      const joined = await trx.selectFrom('workspaces').select('key').execute();
      const kept = new Set([...keep, ...joined.map((workspace) => workspace.key)]);
      const doomed = keys.map(({ stage }) => stage).filter((stage) => !kept.has(stage.slice(0, stage.indexOf('/'))));
      for (let start = 0; start < doomed.length; start += 500) {
        await trx
          .deleteFrom(table)
          .where('stage', 'in', doomed.slice(start, start + 500))
          .execute();
      }
    }
  });
}
