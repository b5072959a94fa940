import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { restrictToOwner } from '../owner-only.ts';
import { MIGRATIONS } from './schema.ts';

export type SQLiteDatabase = Database.Database;

const DATABASE_FILE = 'authlab.sqlite';

/** Opens (creating if needed) `authlab.sqlite` in the data directory and ensures the schema. */
export function openDatabase(dataDir: string): SQLiteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  // The database holds every stage's users, plain-text passwords included: owner-only, like the
  // JWT secret. Created before SQLite opens it, because SQLite gives the -wal and -shm files it
  // creates the database file's mode.
  closeSync(openSync(file, 'a', 0o600));
  // Files from an older run, or loosened by hand, are tightened: the -wal holds recent rows too.
  for (const suffix of ['', '-wal', '-shm']) restrictToOwner(`${file}${suffix}`);
  const database = new Database(file);
  // WAL lets reads proceed during a write; FULL syncs the log on every commit, so a
  // registration we acknowledged is on disk even if the process is killed right after.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  migrate(database);
  return database;
}

function migrate(database: SQLiteDatabase): void {
  const applied = database.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(applied).forEach((migration, index) => {
    // Each step and its version bump commit together, so a crash never leaves one half-done.
    database.transaction(() => {
      database.exec(migration);
      database.pragma(`user_version = ${applied + index + 1}`);
    })();
  });
}
