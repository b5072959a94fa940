import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageReader } from './storage-command.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'authlab-storage-command-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('storageReader', () => {
  it('reads username<TAB>stored per line from the command, run in the description’s folder', async () => {
    await writeFile(path.join(dir, 'users.tsv'), 'alice\t$2b$12$abc\n\nbob\tplain\n');
    const stored = await storageReader('cat users.tsv', dir)();
    expect([...stored]).toEqual([
      ['alice', '$2b$12$abc'],
      ['bob', 'plain'],
    ]);
  });

  it('refuses output that is not such a listing, and says why a failing command failed', async () => {
    await expect(storageReader('echo "id,username,hash"', dir)()).rejects.toThrow(/line 1 is not "username<TAB>stored credential"/);
    await expect(storageReader('echo nope >&2; exit 3', dir)()).rejects.toThrow('storage.command failed: nope');
  });
});
