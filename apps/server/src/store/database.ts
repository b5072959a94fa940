import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { restrictToOwner } from '../owner-only.ts';
import { MIGRATIONS } from './schema.ts';
import type { LabTables } from './tables.ts';

/**
 * Where the lab keeps its rows: a SQLite file in the data directory (one process: the local lab
 * and a one-machine classroom), or a PostgreSQL database that several AuthLab processes share.
 * Stages and the classroom see only this, so both engines run the same queries.
 */
export interface LabDatabase {
  readonly engine: 'sqlite' | 'postgres';
  readonly db: Kysely<LabTables>;
  /**
   * Runs `work` in a transaction that holds `lockKey`'s lock from its first read to its commit,
   * so no other attempt, in this process or another, can read the same row in between.
   */
  lockedTransaction<T>(lockKey: string, work: (trx: Kysely<LabTables>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SQLiteLabDatabase extends LabDatabase {
  readonly engine: 'sqlite';
  /** The file itself, for tests that look at rows directly. */
  readonly sqlite: Database.Database;
}

const DATABASE_FILE = 'authlab.sqlite';

/** Opens (creating if needed) `authlab.sqlite` in the data directory and ensures the schema. */
export function openDatabase(dataDir: string): SQLiteLabDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  // The database holds every stage's users, plain-text passwords included: owner-only, like the
  // JWT secret. Created before SQLite opens it, because SQLite gives the -wal and -shm files it
  // creates the database file's mode.
  closeSync(openSync(file, 'a', 0o600));
  // Files from an older run, or loosened by hand, are tightened: the -wal holds recent rows too.
  for (const suffix of ['', '-wal', '-shm']) restrictToOwner(`${file}${suffix}`);
  const sqlite = new Database(file);
  // WAL lets reads proceed during a write; FULL syncs the log on every commit, so a
  // registration we acknowledged is on disk even if the process is killed right after.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  migrateSQLite(sqlite);
  const db = new Kysely<LabTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    engine: 'sqlite',
    db,
    sqlite,
    // The query builder runs one query at a time on SQLite's one connection; IMMEDIATE also takes
    // the file's write lock before the first read, for anything else that opens the same file.
    lockedTransaction: (_lockKey, work) =>
      db.connection().execute(async (connection) => {
        await sql`BEGIN IMMEDIATE`.execute(connection);
        try {
          const result = await work(connection);
          await sql`COMMIT`.execute(connection);
          return result;
        } catch (error) {
          await sql`ROLLBACK`.execute(connection);
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
}

function migrateSQLite(sqlite: Database.Database): void {
  const applied = sqlite.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(applied).forEach((migration, index) => {
    // Each step and its version bump commit together, so a crash never leaves one half-done.
    sqlite.transaction(() => {
      sqlite.exec(migration.sqlite);
      sqlite.pragma(`user_version = ${applied + index + 1}`);
    })();
  });
}

export interface PostgresOptions {
  /** Connections this process may hold; every process of a class holds its own. */
  maxConnections?: number;
}

/** BIGINT columns (times in milliseconds, COUNT(*)) come back as numbers, as SQLite gives them. */
const INT8_OID = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Connects to the PostgreSQL database at `url` and brings its schema up to date. */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<LabDatabase> {
  // A connection that cannot be had within two seconds, or a query not answered within three (a
  // server that hangs with its connections open), fails the request (503) instead of holding it.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: typeParsers,
    connectionTimeoutMillis: 2000,
    query_timeout: QUERY_TIMEOUT_MS,
  });
  // A connection that breaks while idle (the server restarted) is dropped from the pool and
  // reported here instead of crashing the process; the next query opens a fresh one.
  pool.on('error', () => {});
  const db = new Kysely<LabTables>({ dialect: new PostgresDialect({ pool: discardingTimedOut(pool) }) });
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    engine: 'postgres',
    db,
    lockedTransaction: (lockKey, work) =>
      db.transaction().execute(async (trx) => {
        // A lock on the key itself, held until commit: it works for rows that do not exist yet,
        // which a row lock (SELECT … FOR UPDATE) cannot, and two processes wait for each other.
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`.execute(trx);
        return work(trx);
      }),
    close: () => db.destroy(),
  };
}

const QUERY_TIMEOUT_MS = 3000;

/**
 * The pool as the query builder sees it, except that a connection on which a query timed out is
 * thrown away when it is handed back, never reused: the server may still be running that query,
 * or holding its transaction open, and the next request must not inherit either.
 */
function discardingTimedOut(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let timedOut = false;
      const query = (async (sqlText: string, parameters: readonly unknown[]) => {
        try {
          return await client.query(sqlText, [...parameters]);
        } catch (error) {
          if (error instanceof Error && error.message === 'Query read timeout') timedOut = true;
          throw error;
        }
        // The lab never streams rows through a cursor, the other form of query().
      }) as unknown as PostgresPoolClient['query'];
      return { query, release: (destroy) => client.release(timedOut || destroy === true) };
    },
    end: () => pool.end(),
  };
}

/** Any 64-bit number of our own: processes starting at once take turns at migrating. */
const MIGRATION_LOCK = 0x4175_7468_4c61_62n;

async function migratePostgres(db: Kysely<LabTables>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS authlab_schema (version INTEGER NOT NULL)`.execute(trx);
    const { rows } = await sql<{ version: number }>`SELECT version FROM authlab_schema`.execute(trx);
    const applied = rows[0]?.version ?? 0;
    if (rows.length === 0) await sql`INSERT INTO authlab_schema (version) VALUES (0)`.execute(trx);
    // PostgreSQL's DDL is transactional: the steps and the version commit together or not at all.
    for (const migration of MIGRATIONS.slice(applied)) await sql.raw(migration.postgres).execute(trx);
    await sql`UPDATE authlab_schema SET version = ${MIGRATIONS.length}`.execute(trx);
  });
}
