import { createLockoutPolicy, createRefreshRotation, hashSessionToken } from '@authlab/auth-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWithoutServices } from '../../test/services/availability.ts';
import { startPostgres, type PostgresServer } from '../../test/services/postgres.ts';
import { openDatabase, openPostgresDatabase, type LabDatabase } from './database.ts';
import { MIGRATIONS } from './schema.ts';
import { createStageStore, deleteStageRowsOf, deleteWorkspaceRows, type StageStore } from './stage-store.ts';

/**
 * One suite, both engines: whatever a stage can rely on with SQLite it can rely on with
 * PostgreSQL. On PostgreSQL, "two processes" are two independent pools on one database, as two
 * AuthLab processes have. SQLite serves one process (several need PostgreSQL), so there both are
 * that process's one connection, and the races below are its own requests racing each other.
 */

const skipPostgres = skipWithoutServices(import.meta.filename, ['postgres']);
const START_MS = Date.UTC(2026, 0, 1);
const LOCKOUT = { maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300, maxLockSeconds: 14_400 };

interface Engine {
  /** A fresh, empty database, opened twice: as two processes sharing it would. */
  open(): Promise<[LabDatabase, LabDatabase]>;
  cleanUp(): Promise<void>;
}

function sqliteEngine(): Engine {
  const dirs: string[] = [];
  return {
    open: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'authlab-store-'));
      dirs.push(dir);
      const database = openDatabase(dir);
      return [database, database];
    },
    cleanUp: async () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let postgres: PostgresServer | undefined;
function postgresEngine(): Engine {
  return {
    open: async () => {
      if (postgres === undefined) throw new Error('PostgreSQL did not start');
      const url = await postgres.createDatabase();
      // Two processes starting at once: both migrate, one waits for the other.
      return Promise.all([openPostgresDatabase(url), openPostgresDatabase(url)]);
    },
    cleanUp: async () => {},
  };
}

beforeAll(async () => {
  if (!skipPostgres) postgres = await startPostgres();
}, 30_000);
afterAll(() => postgres?.stop());

describe.each([
  { name: 'SQLite', engine: sqliteEngine, skip: false },
  { name: 'PostgreSQL', engine: postgresEngine, skip: skipPostgres },
])('the stage store on $name', ({ engine: makeEngine, skip }) => {
  let engine: Engine;
  let first: LabDatabase;
  let second: LabDatabase;
  let now: number;
  const clock = (): number => now;
  const storeOf = (database: LabDatabase, stage = 'lockout'): StageStore => createStageStore(database, stage, clock);

  beforeEach(async () => {
    if (skip) return;
    engine = makeEngine();
    now = START_MS;
    [first, second] = await engine.open();
    return async () => {
      await Promise.all([...new Set([first, second])].map((database) => database.close()));
      await engine.cleanUp();
    };
  });

  describe.skipIf(skip)('users', () => {
    it('inserts a name once: the second insert, however it races, is refused', async () => {
      const [one, other] = [storeOf(first), storeOf(second)];
      const results = await Promise.all([one.users.insert({ username: 'alice', stored: 'a' }), other.users.insert({ username: 'alice', stored: 'b' })]);
      expect(results.sort()).toEqual([false, true]);
      expect(await one.users.count()).toBe(1);
    });

    it('finds, lists (oldest first, then by name, byte by byte) and counts only its own stage', async () => {
      const store = storeOf(first);
      await store.users.insert({ username: 'zoe', stored: 'z' });
      now += 1;
      for (const username of ['bob', 'Bob', 'émile', 'alice']) await store.users.insert({ username, stored: username });
      await storeOf(first, 'jwt').users.insert({ username: 'mallory', stored: 'm' });
      expect(await store.users.find('bob')).toEqual({ username: 'bob', stored: 'bob' });
      expect(await store.users.find('mallory')).toBeUndefined();
      expect((await store.users.all()).map((user) => user.username)).toEqual(['zoe', 'Bob', 'alice', 'bob', 'émile']);
      expect(await store.users.count()).toBe(5);
    });

    it('swaps a stored hash only while it is still the one the login checked', async () => {
      const store = storeOf(first);
      await store.users.insert({ username: 'alice', stored: 'old' });
      expect(await store.users.replaceStored({ username: 'alice', previous: 'old', next: 'new' })).toBe(true);
      expect(await store.users.replaceStored({ username: 'alice', previous: 'old', next: 'late' })).toBe(false);
      expect(await store.users.find('alice')).toEqual({ username: 'alice', stored: 'new' });
    });

    it('keeps a recovery email per user, null until set', async () => {
      const store = storeOf(first);
      await store.users.insert({ username: 'alice', stored: 'x' });
      expect(await store.users.recoveryEmailOf('alice')).toBeNull();
      await store.users.setRecoveryEmail('alice', 'alice@example.org');
      expect(await store.users.recoveryEmailOf('alice')).toBe('alice@example.org');
    });

    it('holds a user cap exactly when two processes register at once', async () => {
      const refusal = (): Error => new Error('full');
      const capped = [first, second].map((database) => createStageStore(database, 'w-a/plaintext', clock, { userCap: { max: 5, refusal } }));
      const results = await Promise.allSettled(Array.from({ length: 24 }, (_, index) => capped[index % 2]?.users.insert({ username: `user-${index}`, stored: 'x' })));
      expect(results.filter((result) => result.status === 'fulfilled' && result.value === true)).toHaveLength(5);
      expect(results.filter((result) => result.status === 'rejected')).toHaveLength(19);
      expect(await storeOf(first, 'w-a/plaintext').users.count()).toBe(5);
    });
  });

  describe.skipIf(skip)('sessions', () => {
    it('finds a session by its hash in either process, deletes it once, and ends old ones by age', async () => {
      const [one, other] = [storeOf(first), storeOf(second)];
      await one.sessions.insert('hash-1', 'alice');
      now += 60_000;
      await one.sessions.insert('hash-2', 'bob');
      expect(await other.sessions.findUsername('hash-1')).toBe('alice');
      expect(await other.sessions.find('hash-2')).toEqual({ username: 'bob', createdAtMs: START_MS + 60_000 });
      expect(await other.sessions.deleteStartedBefore(START_MS)).toBe(1);
      expect(await one.sessions.find('hash-1')).toBeUndefined();
      expect(await one.sessions.delete('hash-2')).toBe(true);
      expect(await other.sessions.delete('hash-2')).toBe(false);
    });
  });

  describe.skipIf(skip)('refresh tokens', () => {
    it('keeps times as numbers and lets only one of two processes spend a token', async () => {
      const [one, other] = [storeOf(first), storeOf(second)];
      const record = { tokenHash: 'h', familyId: 'f', username: 'alice', expiresAtMs: START_MS + 1000, familyExpiresAtMs: START_MS + 5000, usedAtMs: null, revokedAtMs: null };
      await one.refreshTokens.insert(record);
      expect(await other.refreshTokens.find('h')).toEqual(record);
      const spent = await Promise.all([one.refreshTokens.markUsed('h', now), other.refreshTokens.markUsed('h', now)]);
      expect(spent.sort()).toEqual([false, true]);
      await other.refreshTokens.revokeFamily('f', now + 1);
      expect(await one.refreshTokens.find('h')).toMatchObject({ usedAtMs: now, revokedAtMs: now + 1 });
      expect(await one.refreshTokens.deleteExpired(START_MS + 1000)).toBe(1);
    });

    it('leaves no live token when two processes rotate the same one at once', async () => {
      const rotation = (database: LabDatabase) => createRefreshRotation({ store: storeOf(database).refreshTokens, ttlSeconds: 3600, familyLifetimeSeconds: 86_400, clock });
      const { refreshToken } = await rotation(first).issue('alice');
      const results = await Promise.all([rotation(first).rotate(refreshToken), rotation(second).rotate(refreshToken)]);
      for (const result of results) {
        // A winner's successor must already be dead: the family was revoked by the other's reuse.
        if (result.ok) expect(await rotation(first).rotate(result.refreshToken)).toEqual({ ok: false, reason: 'revoked' });
      }
      expect(results.filter((result) => !result.ok)).not.toHaveLength(0);
      expect((await storeOf(first).refreshTokens.find(hashSessionToken(refreshToken)))?.revokedAtMs).toBe(now);
    });
  });

  describe.skipIf(skip)('lockouts', () => {
    it('counts every attempt of a burst split over two processes: exactly maxFailures are let through', async () => {
      const policies = [first, second].map((database) => createLockoutPolicy({ ...LOCKOUT, store: storeOf(database).lockouts, clock }));
      const attempts = await Promise.all(Array.from({ length: 40 }, (_, index) => policies[index % 2]?.beginAttempt('victim')));
      expect(attempts.filter((attempt) => attempt?.locked === false)).toHaveLength(LOCKOUT.maxFailures);
      expect(await storeOf(second).lockouts.get('victim')).toEqual({ failures: 5, lastFailureAtMs: now, lockedUntilMs: now + 300_000 });
    });

    it('forgets names whose failures no longer count, and keeps a running lock', async () => {
      const store = storeOf(first);
      const policy = createLockoutPolicy({ ...LOCKOUT, store: store.lockouts, clock });
      await policy.beginAttempt('sprayed');
      now += LOCKOUT.windowSeconds * 1000 - 1000;
      for (let i = 0; i < 5; i++) await policy.beginAttempt('locked');
      now += 1000;
      expect(await policy.sweep()).toBe(1);
      expect(await store.lockouts.get('sprayed')).toBeUndefined();
      expect(await policy.status('locked')).toEqual({ locked: true, retryAfterSeconds: 299 });
    });
  });

  describe.skipIf(skip)('reset and workspaces', () => {
    it('resets one stage in one step, leaving every other stage’s rows', async () => {
      const [mine, theirs] = [storeOf(first, 'jwt'), storeOf(first, 'lockout')];
      for (const store of [mine, theirs]) {
        await store.users.insert({ username: 'alice', stored: 'x' });
        await store.sessions.insert('hash', 'alice');
        await store.lockouts.update('alice', () => ({ failures: 1, lastFailureAtMs: now, lockedUntilMs: null }));
      }
      await mine.reset();
      expect([await mine.users.count(), await mine.sessions.findUsername('hash'), await mine.lockouts.get('alice')]).toEqual([0, undefined, undefined]);
      expect([await theirs.users.count(), await theirs.sessions.findUsername('hash')]).toEqual([1, 'alice']);
    });

    it('deletes one workspace’s rows, taking the _ of its key literally, never a look-alike’s', async () => {
      // Workspace keys are base64url: `_` is one of their characters and LIKE's any-character.
      for (const key of ['w-a_c/plaintext', 'w-abc/plaintext', 'w-a_c/jwt']) await storeOf(first, key).users.insert({ username: 'carol', stored: 'x' });
      await deleteStageRowsOf(second, 'w-a_c');
      expect(await Promise.all(['w-a_c/plaintext', 'w-abc/plaintext', 'w-a_c/jwt'].map((key) => storeOf(first, key).users.count()))).toEqual([0, 1, 0]);
    });

    it('deletes the rows of every workspace but the kept ones, never the local lab’s', async () => {
      const keys = ['plaintext', 'w-kept/plaintext', 'w-gone/jwt'];
      for (const key of keys) await storeOf(first, key).users.insert({ username: 'carol', stored: 'x' });
      await deleteWorkspaceRows(second, ['w-kept']);
      expect(await Promise.all(keys.map((key) => storeOf(first, key).users.count()))).toEqual([1, 1, 0]);
    });

    it('keeps the rows of a workspace that joined after its caller read the class (the sweep of another process)', async () => {
      // The sweep read the class's workspaces (none), then a learner joined and registered, then the sweep deletes.
      const stale: string[] = [];
      await first.db
        .insertInto('workspaces')
        .values({ key: 'w-new', selector: 's', verifier_digest: 'd', display_name: 'New', created_at_ms: 0, last_active_at_ms: 0 })
        .execute();
      await storeOf(first, 'w-new/plaintext').users.insert({ username: 'carol', stored: 'x' });
      await deleteWorkspaceRows(second, stale);
      expect(await storeOf(first, 'w-new/plaintext').users.count()).toBe(1);
    });
  });
});

function fail(): never {
  throw new Error('no database opened');
}

describe.skipIf(skipPostgres)('PostgreSQL migrations', () => {
  it('records the schema version once, however many processes start together', async () => {
    if (postgres === undefined) throw new Error('PostgreSQL did not start');
    const url = await postgres.createDatabase();
    const databases = await Promise.all(Array.from({ length: 4 }, () => openPostgresDatabase(url)));
    const { rows } = await sql<{ version: number }>`SELECT version FROM authlab_schema`.execute(databases[0]?.db ?? fail());
    expect(rows).toEqual([{ version: MIGRATIONS.length }]);
    await Promise.all(databases.map((database) => database.close()));
  });
});
