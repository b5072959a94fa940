import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWithoutServices } from '../../test/services/availability.ts';
import { startPostgres, type PostgresServer } from '../../test/services/postgres.ts';
import { openDatabase, openPostgresDatabase, type LabDatabase } from '../store/database.ts';
import { createStageStore } from '../store/stage-store.ts';
import { openClassStore, type ClassStore } from './class-store.ts';

/**
 * The class as the database keeps it, on both engines. On PostgreSQL "two processes" are two
 * pools on one database, as two AuthLab processes behind one proxy have: what one process
 * writes, the other must see, and a race between them must have one winner.
 */

const skipPostgres = skipWithoutServices(import.meta.filename, ['postgres']);
const HOUR = 3_600_000;
let postgres: PostgresServer | undefined;
beforeAll(async () => {
  if (!skipPostgres) postgres = await startPostgres();
}, 30_000);
afterAll(() => postgres?.stop());

async function openTwice(engine: 'sqlite' | 'postgres'): Promise<{ databases: LabDatabase[]; cleanUp(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'authlab-class-'));
    const database = openDatabase(dir);
    return {
      databases: [database, database],
      cleanUp: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (postgres === undefined) throw new Error('PostgreSQL did not start');
  const url = await postgres.createDatabase();
  const databases = await Promise.all([openPostgresDatabase(url), openPostgresDatabase(url)]);
  return { databases, cleanUp: async () => void (await Promise.all(databases.map((database) => database.close()))) };
}

describe.each([
  { engine: 'sqlite' as const, skip: false },
  { engine: 'postgres' as const, skip: skipPostgres },
])('the class store on $engine', ({ engine, skip }) => {
  let now: number;
  let databases: LabDatabase[];
  let one: ClassStore;
  let other: ClassStore;
  beforeEach(async () => {
    if (skip) return;
    now = Date.UTC(2026, 0, 1);
    const opened = await openTwice(engine);
    databases = opened.databases;
    const [first, second] = opened.databases;
    if (first === undefined || second === undefined) throw new Error('two databases expected');
    // Both processes start at once: one creates the class, the other finds it.
    [one, other] = [openClassStore(first, () => now), openClassStore(second, () => now)];
    await Promise.all([one.ready, other.ready]);
    return opened.cleanUp;
  });

  describe.skipIf(skip)('the join code', () => {
    it('is the same in every process, and accepted however it is typed', async () => {
      const { joinCode } = await one.status();
      expect(joinCode).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      expect(await other.status()).toEqual({ joinCode, follow: null });
      const code = joinCode ?? '';
      expect(await other.acceptsJoinCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(true);
      expect(await other.acceptsJoinCode(code.slice(0, -1))).toBe(false);
      expect(await other.acceptsJoinCode('')).toBe(false);
    });

    it('refuses the old code after a rotation in another process, and every code once joining is closed', async () => {
      const old = (await one.status()).joinCode ?? '';
      const rotated = await other.rotateJoinCode();
      expect(await one.acceptsJoinCode(old)).toBe(false);
      expect(await one.acceptsJoinCode(rotated)).toBe(true);
      await one.closeJoining();
      expect((await other.status()).joinCode).toBeNull();
      expect(await other.acceptsJoinCode(rotated)).toBe(false);
    });

    it('keeps the stage everyone follows', async () => {
      await one.setFollow('bcrypt');
      expect((await other.status()).follow).toBe('bcrypt');
    });
  });

  describe.skipIf(skip)('the instructor', () => {
    it('spends a one-time secret once, even when two processes redeem it at the same moment', async () => {
      const secret = await one.issueInstructorSecret();
      expect(await other.redeemInstructorSecret(`${secret}x`)).toBeUndefined();
      const sessions = await Promise.all([one.redeemInstructorSecret(secret), other.redeemInstructorSecret(secret)]);
      const granted = sessions.filter((session) => session !== undefined);
      expect(granted).toHaveLength(1);
      const session = granted[0] ?? '';
      expect(await one.isInstructor(session)).toBe(true);
      expect(await other.isInstructor(secret)).toBe(false);
      expect(await other.isInstructor('')).toBe(false);
      now += 12 * HOUR;
      expect(await other.isInstructor(session)).toBe(false);
    });

    it('keeps at most twenty unused links: a new one pushes out the oldest', async () => {
      const secrets: string[] = [];
      for (let i = 0; i < 21; i++) {
        now += 1;
        secrets.push(await one.issueInstructorSecret());
      }
      expect(await other.redeemInstructorSecret(secrets[0] ?? '')).toBeUndefined();
      expect(await other.redeemInstructorSecret(secrets[1] ?? '')).toBeDefined();
    });
  });

  describe.skipIf(skip)('workspaces', () => {
    it('opens a workspace in any process, only with the exact token it issued', async () => {
      const { token, workspace } = await one.join('Ada');
      const [selector = '', verifier = ''] = token.split('.');
      expect(Buffer.from(verifier, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(await other.find(token)).toEqual(workspace);
      now += 1;
      const grace = await other.join('Grace');
      const [otherSelector = '', otherVerifier = ''] = grace.token.split('.');
      const wrongs = [
        `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
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
      for (const wrong of wrongs) expect(await one.find(wrong), wrong).toBeUndefined();
      // The internal key is not derived from the token.
      expect(token).not.toContain(workspace.key.slice(2));
      expect((await other.list()).map((learner) => learner.displayName)).toEqual(['Ada', 'Grace']);
      expect(await one.count()).toBe(2);
    });

    it('marks a workspace active when its token is used, and lists the idle ones', async () => {
      const idle = await one.join('Idle');
      const active = await one.join('Active');
      now += 23 * HOUR;
      await other.find(active.token);
      now += 2 * HOUR;
      expect(await one.idleSince(now - 24 * HOUR)).toEqual([idle.workspace.key]);
      expect(await one.remove(idle.workspace.key)).toBe(true);
      expect(await other.find(idle.token)).toBeUndefined();
      expect(await other.remove(idle.workspace.key)).toBe(false);
    });

    it('keeps each learner’s check runs and quiz scores, at most the allowed number of quizzes', async () => {
      const { workspace } = await one.join('Ada');
      const at = new Date(now).toISOString();
      await one.reportStage(workspace.key, 'plaintext', { pass: 3, fail: 1, notApplicable: 0, passed: ['a', 'b', 'c'], at });
      await other.reportStage(workspace.key, 'plaintext', { pass: 4, fail: 0, notApplicable: 0, passed: ['a', 'b', 'c', 'd'], at });
      const quizzes = await Promise.all(
        ['q1', 'q2', 'q3'].map((lesson, index) => (index % 2 ? one : other).reportQuiz(workspace.key, lesson, { correct: 1, total: 2, at }, 2)),
      );
      expect(quizzes.filter(Boolean)).toHaveLength(2);
      // A quiz already recorded can always be answered again.
      const recorded = (await other.progressOf([workspace.key])).get(workspace.key);
      const firstQuiz = Object.keys(recorded?.quizzes ?? {})[0] ?? '';
      expect(await one.reportQuiz(workspace.key, firstQuiz, { correct: 2, total: 2, at }, 2)).toBe(true);
      const progress = (await other.progressOf([workspace.key])).get(workspace.key);
      expect(progress?.stages.plaintext?.pass).toBe(4);
      expect(progress?.quizzes[firstQuiz]).toEqual({ correct: 2, total: 2, at });
      expect(Object.keys(progress?.quizzes ?? {})).toHaveLength(2);
    });

    it('starts over: no learner, none of their rows, no instructor, a fresh join code', async () => {
      const { token, workspace } = await one.join('Ada');
      await createStageStore(databases[0] ?? fail(), `${workspace.key}/plaintext`, () => now).users.insert({ username: 'ada', stored: 'x' });
      await createStageStore(databases[0] ?? fail(), 'plaintext', () => now).users.insert({ username: 'local', stored: 'x' });
      const session = (await one.redeemInstructorSecret(await one.issueInstructorSecret())) ?? '';
      const before = (await one.status()).joinCode;
      await other.startOver();
      expect(await one.find(token)).toBeUndefined();
      expect(await one.isInstructor(session)).toBe(false);
      expect((await one.status()).joinCode).not.toBe(before);
      expect(await createStageStore(databases[0] ?? fail(), `${workspace.key}/plaintext`, () => now).users.count()).toBe(0);
      expect(await createStageStore(databases[0] ?? fail(), 'plaintext', () => now).users.count()).toBe(1);
    });
  });
});

function fail(): never {
  throw new Error('no database opened');
}
