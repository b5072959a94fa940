import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiDescriptionFile } from './api-description-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'authlab-api-file-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readApiDescriptionFile', () => {
  it('reads a description relative to where the command was typed', async () => {
    await writeFile(
      path.join(dir, 'api.yaml'),
      'version: 1\nregister: { path: /r, body: { u: "{username}", p: "{password}" } }\nprotected: { path: /me, send: { basic: true } }\n',
    );
    const read = await readApiDescriptionFile('api.yaml', dir);
    expect(read.ok && read.description.protected.path).toBe('/me');
  });

  it('answers problems, not exceptions, for a missing file, a folder or something far too big', async () => {
    await writeFile(path.join(dir, 'huge.yaml'), `# ${'x'.repeat(70 * 1024)}\n`);
    for (const file of ['missing.yaml', '.', 'huge.yaml']) {
      const read = await readApiDescriptionFile(file, dir);
      expect(read.ok, file).toBe(false);
    }
  });
});
