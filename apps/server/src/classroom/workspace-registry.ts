import { createHmac, randomBytes } from 'node:crypto';
import type { StageSet } from '../stage-set.ts';

/**
 * The learners of a classroom server, each in a workspace of their own: a StageSet under an
 * internal key, found by the token in the learner's cookie. The token itself is never kept: the
 * registry keeps its HMAC, so a lookup compares digests an attacker cannot choose, and a memory
 * dump holds nothing a browser could replay.
 */

export interface Workspace {
  /** Where its rows live in the shared tables (see workspaceKey); never shown to the learner. */
  key: string;
  displayName: string;
  createdAtMs: number;
  lastActiveAtMs: number;
  stages: StageSet;
}

export interface WorkspaceRegistryOptions {
  /** Builds a workspace's six stages under `key`. */
  createStages(key: string): StageSet;
  clock: () => number;
  /** A workspace nobody has used for this long is deleted, with its data. */
  idleMs: number;
}

export interface WorkspaceRegistry {
  /** A new workspace and the token that opens it (≥ 128 bits, base64url), to put in the learner's cookie. */
  join(displayName: string): { token: string; workspace: Workspace };
  /** The workspace this token opens, marked as active now; undefined for any other string. */
  find(token: string): Workspace | undefined;
  /** Deletes the workspace and everything its stages stored. */
  remove(key: string): boolean;
  /** Deletes every workspace idle for longer than `idleMs`; returns how many. */
  sweepIdle(): number;
  list(): readonly Workspace[];
}

/** 256 bits: the token is the learner's only credential. */
const TOKEN_BYTES = 32;

export function createWorkspaceRegistry(options: WorkspaceRegistryOptions): WorkspaceRegistry {
  // Per process: a token only ever opens a workspace of the process that issued it.
  const hmacKey = randomBytes(32);
  const digest = (token: string): string => createHmac('sha256', hmacKey).update(token).digest('base64url');
  const byDigest = new Map<string, Workspace>();
  const byKey = new Map<string, string>();

  function remove(key: string): boolean {
    const tokenDigest = byKey.get(key);
    const workspace = tokenDigest === undefined ? undefined : byDigest.get(tokenDigest);
    if (tokenDigest === undefined || workspace === undefined) return false;
    for (const lab of workspace.stages.labs) {
      lab.store.reset();
      lab.resetMemory?.();
    }
    byDigest.delete(tokenDigest);
    byKey.delete(key);
    return true;
  }

  return {
    join(displayName) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      // Unrelated to the token, so the rows in the database say nothing about any cookie.
      const key = `w-${randomBytes(9).toString('base64url')}`;
      const now = options.clock();
      const workspace: Workspace = { key, displayName, createdAtMs: now, lastActiveAtMs: now, stages: options.createStages(key) };
      const tokenDigest = digest(token);
      byDigest.set(tokenDigest, workspace);
      byKey.set(key, tokenDigest);
      return { token, workspace };
    },
    find(token) {
      const workspace = byDigest.get(digest(token));
      if (workspace !== undefined) workspace.lastActiveAtMs = options.clock();
      return workspace;
    },
    remove,
    sweepIdle() {
      const cutoff = options.clock() - options.idleMs;
      const idle = [...byDigest.values()].filter((workspace) => workspace.lastActiveAtMs < cutoff);
      for (const workspace of idle) remove(workspace.key);
      return idle.length;
    },
    list() {
      return [...byDigest.values()];
    },
  };
}
