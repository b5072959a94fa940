import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readApiDescription } from '@authlab/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { readApiDescriptionFile } from '@authlab/lab-files';
import { summariseApiDescription, writeStarterDescription } from './api-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'authlab-init-'));
  dirs.push(dir);
  return dir;
};

describe('writeStarterDescription', () => {
  it('writes a description that reads back as valid, pointing editors at the JSON Schema', async () => {
    const dir = scratch();
    const written = await writeStarterDescription('my-api.yaml', dir);
    expect(written).toBe(path.join(dir, 'my-api.yaml'));
    const text = readFileSync(written, 'utf8');
    expect(readApiDescription(text).ok).toBe(true);
    const schemaPath = /\$schema=(\S+)/.exec(text)?.[1] ?? '';
    expect(JSON.parse(readFileSync(path.resolve(dir, schemaPath), 'utf8'))).toMatchObject({ type: 'object' });
  });

  it('never overwrites a description that is already there', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'my-api.yaml'), 'edited by hand\n');
    await expect(writeStarterDescription('my-api.yaml', dir)).rejects.toThrow(/already exists/);
    expect(readFileSync(path.join(dir, 'my-api.yaml'), 'utf8')).toBe('edited by hand\n');
  });
});

describe('summariseApiDescription', () => {
  it('reads the starter back and says what AuthLab understood, step by step', async () => {
    const dir = scratch();
    await writeStarterDescription('my-api.yaml', dir);
    const read = await readApiDescriptionFile('my-api.yaml', dir);
    expect(read.ok && summariseApiDescription(read)).toEqual([
      'register  POST /register → 200 or 201',
      'login     POST /login → 200, token from json token',
      'protected GET /me with Authorization: Bearer {token}',
    ]);
  });
});
