import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJWTKey } from '@authlab/auth-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../stage.ts';
import { createStageSet } from '../stage-set.ts';
import { openDatabase, type SQLiteLabDatabase } from '../store/database.ts';
import { createWorkspaceRegistry, type Workspace, type WorkspaceRegistry } from './workspace-registry.ts';

const HOUR = 60 * 60 * 1000;
let dataDir: string;
let database: SQLiteLabDatabase;
let now: number;
let registry: WorkspaceRegistry;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-registry-'));
  database = openDatabase(dataDir);
  now = Date.UTC(2026, 11, 3, 9);
  const jwtKey = createJWTKey(new Uint8Array(32).fill(7));
  registry = createWorkspaceRegistry({
    createStages: (key) => createStageSet({ database, workspace: key, settings: { ...DEFAULT_SETTINGS, bcryptCost: 4 }, clock: () => now, jwtKey, exposure: 'loopback' }),
    clock: () => now,
    idleMs: 24 * HOUR,
  });
});
afterEach(() => {
  database.sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const plaintextUsers = async (registryWorkspace: Workspace): Promise<number> =>
  (await registryWorkspace
    .stages()
    .labs.find((lab) => lab.stage.info.id === 'plaintext')
    ?.store.users.all())?.length ?? -1;

describe('createWorkspaceRegistry', () => {
  it('opens a workspace only with the exact token it issued, at least 128 bits of it', () => {
    const { token, workspace } = registry.join('Ada');
    const [selector = '', verifier = ''] = token.split('.');
    expect(Buffer.from(verifier, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(registry.find(token)).toBe(workspace);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const other = registry.join('Grace');
    const [otherSelector = '', otherVerifier = ''] = other.token.split('.');
    const wrongs = [
      tampered,
      token.slice(1),
      `${token}=`,
      `${token}.x`,
      selector,
      `${selector}.`,
      `${selector}.${otherVerifier}`,
      `${otherSelector}.${verifier}`,
      '',
      '.',
      workspace.key,
    ];
    for (const wrong of wrongs) expect(registry.find(wrong), wrong).toBeUndefined();
    expect(other.token).not.toBe(token);
    expect(other.workspace.key).not.toBe(workspace.key);
    // The internal key is not derived from the token.
    expect(token).not.toContain(workspace.key.slice(2));
  });

  it('deletes a workspace idle for longer than the limit, with everything its stages stored, and keeps an active one', async () => {
    const idle = registry.join('Idle');
    const active = registry.join('Active');
    for (const { workspace } of [idle, active])
      await workspace
        .stages()
        .labs.find((lab) => lab.stage.info.id === 'plaintext')
        ?.store.users.insert({ username: 'carol', stored: 'pw' });
    now += 23 * HOUR;
    registry.find(active.token);
    now += 2 * HOUR;
    expect(registry.sweepIdle()).toBe(1);
    expect(registry.find(idle.token)).toBeUndefined();
    expect(await plaintextUsers(idle.workspace)).toBe(0);
    expect(await plaintextUsers(active.workspace)).toBe(1);
    expect(registry.list().map((workspace) => workspace.displayName)).toEqual(['Active']);
  });

  it('builds a workspace’s stages only when they are first used, and builds them once', () => {
    let built = 0;
    const counting = createWorkspaceRegistry({
      createStages: (key) => {
        built++;
        return createStageSet({
          database,
          workspace: key,
          settings: { ...DEFAULT_SETTINGS, bcryptCost: 4 },
          clock: () => now,
          jwtKey: createJWTKey(new Uint8Array(32).fill(7)),
          exposure: 'loopback',
        });
      },
      clock: () => now,
      idleMs: HOUR,
    });
    const { workspace } = counting.join('Reader');
    expect(built).toBe(0);
    expect(workspace.builtStages()).toBeUndefined();
    expect(workspace.stages()).toBe(workspace.stages());
    expect(built).toBe(1);
    expect(counting.remove(workspace.key)).toBe(true);
  });

  it('removes one workspace by its key, and says when there was none', () => {
    const { token, workspace } = registry.join('Ada');
    expect(registry.remove(workspace.key)).toBe(true);
    expect(registry.find(token)).toBeUndefined();
    expect(registry.remove(workspace.key)).toBe(false);
  });
});
