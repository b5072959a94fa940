import type { QuizProgress, StageId, StageProgress } from '@authlab/contract';
import { randomBytes, randomInt } from 'node:crypto';
import type { LabDatabase } from '../store/database.ts';
import { countRows, insertWithinCap, type RowCap } from '../store/row-cap.ts';
import { STAGE_TABLES, stageOfWorkspace, type LabQueries } from '../store/tables.ts';
import { digestOf, matchesDigest, randomSecret } from './secrets.ts';

/**
 * The class as the database keeps it, so that every process serving it sees the same learners,
 * join code and instructor, and a class outlives a restart of any of them.
 *
 * A workspace token is `<selector>.<verifier>` (the split-token pattern): the selector finds the
 * row without being secret, the verifier proves the holder's right to it and is kept only as a
 * SHA-256 digest, compared in constant time. The instructor's one-time links and sessions are
 * kept as digests too, so neither the database nor a process's memory holds a usable credential.
 * The join code is kept as it is: it is shown to the whole room, and every process's dashboard
 * must be able to show it.
 */

export interface LearnerProgress {
  /** Stage id → the learner's last run of its practice checks. */
  stages: Partial<Record<string, StageProgress>>;
  /** Page id → the learner's quiz score there. */
  quizzes: Partial<Record<string, QuizProgress>>;
}

export interface Workspace {
  /** Where its rows live in the shared tables (see workspaceKey), and the dashboard's handle on it; never a credential. */
  key: string;
  displayName: string;
  createdAtMs: number;
  lastActiveAtMs: number;
}

/** How many workspaces the class may hold (AUTHLAB_CLASS_SIZE), and what a join past that gets. */
export interface ClassStatus {
  /** `ABCD-EFGH`, or null while joining is closed. */
  joinCode: string | null;
  follow: StageId | null;
}

export interface ClassStore {
  /** Settles once the class exists in the database (the first process to start creates it). */
  readonly ready: Promise<void>;
  /**
   * A new workspace and the token that opens it (256 random bits behind a selector), for the
   * learner's cookie. With `cap`, throws `cap.refusal()` instead when the class already holds `cap.max`.
   */
  join(displayName: string, cap?: RowCap): Promise<{ token: string; workspace: Workspace }>;
  /** The workspace this token opens, marked as active now; undefined for any other string. */
  find(token: string): Promise<Workspace | undefined>;
  byKey(key: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
  count(): Promise<number>;
  /** Deletes the workspace's row and progress; false when there was none. Its stage rows are the caller's. */
  remove(key: string): Promise<boolean>;
  /** Keys of workspaces nobody has used since `cutoffMs`. */
  idleSince(cutoffMs: number): Promise<string[]>;
  progressOf(keys: readonly string[]): Promise<Map<string, LearnerProgress>>;
  reportStage(key: string, stage: string, progress: StageProgress): Promise<void>;
  /** Records a quiz score; false when the workspace already has `maxQuizzes` other quizzes. */
  reportQuiz(key: string, lesson: string, progress: QuizProgress, maxQuizzes: number): Promise<boolean>;

  status(): Promise<ClassStatus>;
  /** Whether `attempt` is the current code, ignoring case, spaces and dashes; always false while closed. */
  acceptsJoinCode(attempt: string): Promise<boolean>;
  rotateJoinCode(): Promise<string>;
  closeJoining(): Promise<void>;
  setFollow(stage: StageId | null): Promise<void>;
  /** A new one-time secret for an instructor link; only its digest is kept. */
  issueInstructorSecret(): Promise<string>;
  /** Spends a one-time secret and answers a session token for the instructor's cookie; undefined for anything else. */
  redeemInstructorSecret(secret: string): Promise<string | undefined>;
  isInstructor(sessionToken: string): Promise<boolean>;
  /** Forgets every learner, their stages' rows and the instructor, and deals a fresh join code: a new class. */
  startOver(): Promise<void>;
}

/** No 0/O, 1/I/L: read aloud or copied from a projector, a code must survive. */
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const JOIN_CODE_LENGTH = 8;
/** One-time links not yet used; a new one past this pushes out the oldest. */
const MAX_UNUSED_LINKS = 20;
/** An instructor stays signed in for a teaching day; then a new link is needed. */
const INSTRUCTOR_SESSION_MS = 12 * 60 * 60 * 1000;
/** A workspace's last activity is written at most this often: its idle deadline is a day, not a second. */
const ACTIVITY_WRITE_MS = 60_000;

const hex = (digest: Buffer): string => digest.toString('hex');

function newJoinCode(): string {
  const letters = Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

const normalizeJoinCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

/** Whether `attempt` is `joinCode`, ignoring case, spaces and dashes; always false while joining is closed (null). */
export function joinCodeMatches(attempt: string, joinCode: string | null): boolean {
  if (joinCode === null) return false;
  // Digests of equal length, compared in constant time: how much of a guess matched never shows.
  return matchesDigest(normalizeJoinCode(attempt), digestOf(normalizeJoinCode(joinCode)));
}

interface WorkspaceRow {
  key: string;
  display_name: string;
  created_at_ms: number;
  last_active_at_ms: number;
}

const workspaceOf = (row: WorkspaceRow): Workspace => ({
  key: row.key,
  displayName: row.display_name,
  createdAtMs: row.created_at_ms,
  lastActiveAtMs: row.last_active_at_ms,
});

const WORKSPACE_COLUMNS = ['key', 'display_name', 'created_at_ms', 'last_active_at_ms'] as const;

/** Opens the class kept in `database`, creating it (with a fresh join code) if there is none yet. */
export function openClassStore(database: LabDatabase, clock: () => number): ClassStore {
  const { db } = database;
  const ready = db
    .insertInto('classroom')
    .values({ id: 1, join_code: newJoinCode(), follow: null })
    .onConflict((conflict) => conflict.doNothing())
    .execute()
    .then(() => undefined);

  async function touch(row: WorkspaceRow): Promise<Workspace> {
    const now = clock();
    if (now - row.last_active_at_ms < ACTIVITY_WRITE_MS) return workspaceOf(row);
    await db.updateTable('workspaces').set({ last_active_at_ms: now }).where('key', '=', row.key).where('last_active_at_ms', '<', now).execute();
    return workspaceOf({ ...row, last_active_at_ms: now });
  }

  const countWorkspaces = (queries: LabQueries): Promise<number> => countRows(queries.selectFrom('workspaces'));

  /** A learner's check run or quiz score, replacing the one reported before for the same item. */
  async function saveProgress(queries: LabQueries, workspace: string, kind: 'stage' | 'quiz', item: string, progress: StageProgress | QuizProgress): Promise<void> {
    const value = JSON.stringify(progress);
    await queries
      .insertInto('workspace_progress')
      .values({ workspace, kind, item, progress: value })
      .onConflict((conflict) => conflict.columns(['workspace', 'kind', 'item']).doUpdateSet({ progress: value }))
      .execute();
  }

  async function setJoinCode(joinCode: string | null): Promise<void> {
    await db.updateTable('classroom').set({ join_code: joinCode }).where('id', '=', 1).execute();
  }

  return {
    ready,
    async join(displayName, cap) {
      const selector = randomBytes(12).toString('base64url');
      const verifier = randomSecret(32);
      // Unrelated to the token, so the rows in the database say nothing about any cookie.
      const key = `w-${randomBytes(9).toString('base64url')}`;
      const now = clock();
      const row = { key, display_name: displayName, created_at_ms: now, last_active_at_ms: now };
      const insert = async (queries: LabQueries): Promise<void> => {
        await queries
          .insertInto('workspaces')
          .values({ ...row, selector, verifier_digest: hex(digestOf(verifier)) })
          .execute();
      };
      if (cap === undefined) await insert(db);
      else await insertWithinCap(database, 'workspaces', cap, { count: countWorkspaces, insert });
      return { token: `${selector}.${verifier}`, workspace: workspaceOf(row) };
    },
    async find(token) {
      const [selector, verifier, ...rest] = token.split('.');
      if (selector === undefined || verifier === undefined || rest.length > 0 || selector.length > 32) return undefined;
      const row = await db
        .selectFrom('workspaces')
        .select([...WORKSPACE_COLUMNS, 'verifier_digest'])
        .where('selector', '=', selector)
        .executeTakeFirst();
      if (row === undefined || !matchesDigest(verifier, Buffer.from(row.verifier_digest, 'hex'))) return undefined;
      return touch(row);
    },
    async byKey(key) {
      const row = await db.selectFrom('workspaces').select(WORKSPACE_COLUMNS).where('key', '=', key).executeTakeFirst();
      return row && workspaceOf(row);
    },
    async list() {
      const rows = await db.selectFrom('workspaces').select(WORKSPACE_COLUMNS).orderBy('created_at_ms').orderBy('key').execute();
      return rows.map(workspaceOf);
    },
    count: () => countWorkspaces(db),
    async remove(key) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('workspace_progress').where('workspace', '=', key).execute();
        await trx.deleteFrom('stage_controls').where(stageOfWorkspace(key)).execute();
        const result = await trx.deleteFrom('workspaces').where('key', '=', key).executeTakeFirst();
        return result.numDeletedRows === 1n;
      });
    },
    async idleSince(cutoffMs) {
      const rows = await db.selectFrom('workspaces').select('key').where('last_active_at_ms', '<', cutoffMs).execute();
      return rows.map((row) => row.key);
    },
    async progressOf(keys) {
      const progress = new Map<string, LearnerProgress>(keys.map((key) => [key, { stages: {}, quizzes: {} }]));
      if (keys.length === 0) return progress;
      const rows = await db.selectFrom('workspace_progress').selectAll().where('workspace', 'in', keys).execute();
      for (const row of rows) {
        const learner = progress.get(row.workspace);
        if (learner === undefined) continue;
        if (row.kind === 'stage') learner.stages[row.item] = JSON.parse(row.progress) as StageProgress;
        else learner.quizzes[row.item] = JSON.parse(row.progress) as QuizProgress;
      }
      return progress;
    },
    reportStage: (key, stage, progress) => saveProgress(db, key, 'stage', stage, progress),
    reportQuiz: (key, lesson, progress, maxQuizzes) =>
      // Counted and written under the workspace's lock, so two tabs reporting at once cannot both take the last place.
      database.lockedTransaction(`quizzes:${key}`, async (trx) => {
        const others = await countRows(trx.selectFrom('workspace_progress').where('workspace', '=', key).where('kind', '=', 'quiz').where('item', '!=', lesson));
        if (others >= maxQuizzes) return false;
        await saveProgress(trx, key, 'quiz', lesson, progress);
        return true;
      }),

    async status() {
      await ready;
      const row = await db.selectFrom('classroom').select(['join_code', 'follow']).where('id', '=', 1).executeTakeFirst();
      return { joinCode: row?.join_code ?? null, follow: (row?.follow ?? null) as StageId | null };
    },
    async acceptsJoinCode(attempt) {
      return joinCodeMatches(attempt, (await this.status()).joinCode);
    },
    async rotateJoinCode() {
      const joinCode = newJoinCode();
      await setJoinCode(joinCode);
      return joinCode;
    },
    closeJoining: () => setJoinCode(null),
    async setFollow(stage) {
      await db.updateTable('classroom').set({ follow: stage }).where('id', '=', 1).execute();
    },
    async issueInstructorSecret() {
      const secret = randomSecret();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('instructor_secrets')
          .values({ digest: hex(digestOf(secret)), created_at_ms: clock() })
          .execute();
        const kept = trx.selectFrom('instructor_secrets').select('digest').orderBy('created_at_ms', 'desc').orderBy('digest').limit(MAX_UNUSED_LINKS);
        await trx.deleteFrom('instructor_secrets').where('digest', 'not in', kept).execute();
      });
      return secret;
    },
    async redeemInstructorSecret(secret) {
      // Deleting is the check: of two processes redeeming one link at once, one deletes the row.
      const spent = await db
        .deleteFrom('instructor_secrets')
        .where('digest', '=', hex(digestOf(secret)))
        .executeTakeFirst();
      if (spent.numDeletedRows !== 1n) return undefined;
      const session = randomSecret();
      const now = clock();
      await db.deleteFrom('instructor_sessions').where('expires_at_ms', '<=', now).execute();
      await db
        .insertInto('instructor_sessions')
        .values({ digest: hex(digestOf(session)), expires_at_ms: now + INSTRUCTOR_SESSION_MS })
        .execute();
      return session;
    },
    async isInstructor(sessionToken) {
      const row = await db
        .selectFrom('instructor_sessions')
        .select('expires_at_ms')
        .where('digest', '=', hex(digestOf(sessionToken)))
        .executeTakeFirst();
      return row !== undefined && row.expires_at_ms > clock();
    },
    async startOver() {
      await db.transaction().execute(async (trx) => {
        for (const table of ['workspace_progress', 'workspaces', 'instructor_secrets', 'instructor_sessions'] as const) await trx.deleteFrom(table).execute();
        // Every workspace's stage rows too: the local lab's (keyed by the stage id alone) stay.
        for (const table of [...STAGE_TABLES, 'stage_controls'] as const) await trx.deleteFrom(table).where('stage', 'like', 'w-%').execute();
        await trx.updateTable('classroom').set({ join_code: newJoinCode(), follow: null }).where('id', '=', 1).execute();
      });
    },
  };
}
