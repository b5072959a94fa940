import { mkdtempSync, rmSync } from 'node:fs';
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
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    database.close();
  });

  it('upgrades a data directory from the first release, keeping its rows', () => {
    // What the first release wrote: its schema, no version recorded.
    const old = new Database(path.join(dataDir, 'authlab.sqlite'));
    old.exec(MIGRATIONS[0] ?? '');
    old.prepare('INSERT INTO lockouts VALUES (?, ?, ?, ?, ?)').run('lockout', 'bob', 3, 1_000, null);
    old.close();

    const database = openDatabase(dataDir);
    const row = database.prepare('SELECT failures, last_failure_at_ms FROM lockouts WHERE username = ?').get('bob');
    expect(row).toEqual({ failures: 3, last_failure_at_ms: 1_000 });
    database.close();
    // Opening again runs nothing twice.
    openDatabase(dataDir).close();
  });
});
