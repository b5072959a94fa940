import type { QuizProgress, StageProgress } from '@authlab/contract';
import { randomBytes } from 'node:crypto';
import { resetLab } from '../lab-routes.ts';
import type { StageSet } from '../stage-set.ts';
import { digestOf, matchesDigest, randomSecret } from './secrets.ts';

/**
 * The learners of a classroom server, each in a workspace of their own: a StageSet under an
 * internal key, opened by the token in the learner's cookie.
 *
 * A token is `<selector>.<verifier>` (the split-token pattern): the selector finds the workspace
 * without being secret, the verifier proves the holder's right to it and is kept only as a
 * digest, compared in constant time. A memory dump of the registry holds no usable token.
 */

export interface LearnerProgress {
  /** Stage id → the learner's last run of its practice checks. */
  stages: Map<string, StageProgress>;
  /** Page id → the learner's quiz score there. */
  quizzes: Map<string, QuizProgress>;
}

export interface Workspace {
  /** Where its rows live in the shared tables (see workspaceKey), and the dashboard's handle on it; never a credential. */
  key: string;
  displayName: string;
  createdAtMs: number;
  lastActiveAtMs: number;
  /** The workspace's six stages, built on first use: a learner who only reads costs no routers. */
  stages(): StageSet;
  /** The stages if they were ever built (what there is to reset or delete). */
  builtStages(): StageSet | undefined;
  progress: LearnerProgress;
}

export interface WorkspaceRegistryOptions {
  /** Builds a workspace's six stages under `key`. */
  createStages(key: string): StageSet;
  clock: () => number;
  /** A workspace nobody has used for this long is deleted, with its data. */
  idleMs: number;
  /** Told after a workspace joins, and after one is removed (with its key). */
  onChange?: (removedKey?: string) => void;
}

export interface WorkspaceRegistry {
  /** A new workspace and the token that opens it (256 random bits behind a selector), for the learner's cookie. */
  join(displayName: string): { token: string; workspace: Workspace };
  /** The workspace this token opens, marked as active now; undefined for any other string. */
  find(token: string): Workspace | undefined;
  /** Deletes the workspace and everything its stages stored. */
  remove(key: string): boolean;
  /** Deletes every workspace idle for longer than `idleMs`; returns how many. */
  sweepIdle(): number;
  list(): readonly Workspace[];
  byKey(key: string): Workspace | undefined;
}

interface Entry {
  workspace: Workspace;
  verifierDigest: Buffer;
}

export function createWorkspaceRegistry(options: WorkspaceRegistryOptions): WorkspaceRegistry {
  const bySelector = new Map<string, Entry>();
  const selectorOfKey = new Map<string, string>();

  function remove(key: string): boolean {
    const selector = selectorOfKey.get(key);
    const entry = selector === undefined ? undefined : bySelector.get(selector);
    if (selector === undefined || entry === undefined) return false;
    const stages = entry.workspace.builtStages();
    // The rows go in the background; any a failure leaves behind, the next sweep deletes (its key is gone).
    Promise.all((stages?.labs ?? []).map(resetLab)).catch((error: unknown) => console.error('removing a workspace failed:', error));
    stages?.dispose();
    bySelector.delete(selector);
    selectorOfKey.delete(key);
    options.onChange?.(key);
    return true;
  }

  return {
    join(displayName) {
      const selector = randomBytes(12).toString('base64url');
      const verifier = randomSecret(32);
      // Unrelated to the token, so the rows in the database say nothing about any cookie.
      const key = `w-${randomBytes(9).toString('base64url')}`;
      const now = options.clock();
      let built: StageSet | undefined;
      const workspace: Workspace = {
        key,
        displayName,
        createdAtMs: now,
        lastActiveAtMs: now,
        stages: () => (built ??= options.createStages(key)),
        builtStages: () => built,
        progress: { stages: new Map(), quizzes: new Map() },
      };
      bySelector.set(selector, { workspace, verifierDigest: digestOf(verifier) });
      selectorOfKey.set(key, selector);
      options.onChange?.();
      return { token: `${selector}.${verifier}`, workspace };
    },
    find(token) {
      const [selector, verifier, ...rest] = token.split('.');
      if (selector === undefined || verifier === undefined || rest.length > 0) return undefined;
      const entry = bySelector.get(selector);
      if (entry === undefined || !matchesDigest(verifier, entry.verifierDigest)) return undefined;
      entry.workspace.lastActiveAtMs = options.clock();
      return entry.workspace;
    },
    remove,
    sweepIdle() {
      const cutoff = options.clock() - options.idleMs;
      const idle = [...bySelector.values()].filter(({ workspace }) => workspace.lastActiveAtMs < cutoff);
      for (const { workspace } of idle) remove(workspace.key);
      return idle.length;
    },
    list() {
      return [...bySelector.values()].map(({ workspace }) => workspace);
    },
    byKey(key) {
      const selector = selectorOfKey.get(key);
      return selector === undefined ? undefined : bySelector.get(selector)?.workspace;
    },
  };
}
