import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { MIGRATIONS } from './schema.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-db-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('creates the current schema in WAL mode and records its version', () => {
    const database = openDatabase(dataDir);
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    database.sqlite.close();
  });

  it('upgrades a data directory from the first release, keeping its rows', () => {
    // What the first release wrote: its schema, no version recorded.
    const old = new Database(path.join(dataDir, 'authlab.sqlite'));
    old.exec(MIGRATIONS[0]?.sqlite ?? '');
    old.prepare('INSERT INTO lockouts VALUES (?, ?, ?, ?, ?)').run('lockout', 'bob', 3, 1_000, null);
    old.close();

    const database = openDatabase(dataDir);
    const row = database.sqlite.prepare('SELECT failures, last_failure_at_ms FROM lockouts WHERE username = ?').get('bob');
    expect(row).toEqual({ failures: 3, last_failure_at_ms: 1_000 });
    database.sqlite.close();
    // Opening again runs nothing twice.
    openDatabase(dataDir).sqlite.close();
  });

  it('creates the database and its -wal and -shm owner-only (0600)', () => {
    const database = openDatabase(dataDir);
    // The migrations wrote, so SQLite's log and index exist while the connection is open.
    expect(modesOfDataFiles()).toEqual({ 'authlab.sqlite': 0o600, 'authlab.sqlite-wal': 0o600, 'authlab.sqlite-shm': 0o600 });
    database.sqlite.close();
  });

  it('tightens a database, -wal and -shm left readable by others (0644)', () => {
    // An older release's files, still open elsewhere so the -wal and -shm exist.
    const old = new Database(path.join(dataDir, 'authlab.sqlite'));
    old.pragma('journal_mode = WAL');
    old.exec(MIGRATIONS[0]?.sqlite ?? '');
    for (const file of DATA_FILES) chmodSync(path.join(dataDir, file), 0o644);
    expect(modesOfDataFiles()).toEqual({ 'authlab.sqlite': 0o644, 'authlab.sqlite-wal': 0o644, 'authlab.sqlite-shm': 0o644 });

    const database = openDatabase(dataDir);
    database.sqlite.prepare('INSERT INTO lockouts VALUES (?, ?, ?, ?, ?)').run('lockout', 'bob', 1, 1_000, null);
    expect(modesOfDataFiles()).toEqual({ 'authlab.sqlite': 0o600, 'authlab.sqlite-wal': 0o600, 'authlab.sqlite-shm': 0o600 });
    database.sqlite.close();
    old.close();
  });
});

const DATA_FILES = ['authlab.sqlite', 'authlab.sqlite-wal', 'authlab.sqlite-shm'];

/** Permission bits of each data file; a missing file fails the comparison instead of passing it. */
function modesOfDataFiles(): Record<string, number | undefined> {
  return Object.fromEntries(
    DATA_FILES.map((file) => {
      const full = path.join(dataDir, file);
      return [file, existsSync(full) ? statSync(full).mode & 0o777 : undefined];
    }),
  );
}
