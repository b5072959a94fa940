import type { ClassSnapshot, LearnerRow } from '@authlab/contract';
import type { AttackSlot, AttackSlots } from './attack-slots.ts';
import type { ClassStore, LearnerProgress, Workspace } from './class-store.ts';

/** What the instructor's table shows, and the class's progress as a file to keep. */

const iso = (ms: number): string => new Date(ms).toISOString();

function learnerRow(workspace: Workspace, idleMs: number, progress: LearnerProgress | undefined, attack: AttackSlot | undefined): LearnerRow {
  return {
    id: workspace.key,
    displayName: workspace.displayName,
    joinedAt: iso(workspace.createdAtMs),
    lastActiveAt: iso(workspace.lastActiveAtMs),
    deletesAt: iso(workspace.lastActiveAtMs + idleMs),
    stages: progress?.stages ?? {},
    quizzes: progress?.quizzes ?? {},
    attacking: attack === undefined ? null : { attack: attack.attack, stage: attack.stage },
  };
}

export async function classSnapshot(store: ClassStore, options: { idleMs: number; origin: string; attacks: AttackSlots }): Promise<ClassSnapshot> {
  const [workspaces, { joinCode, follow }] = await Promise.all([store.list(), store.status()]);
  const keys = workspaces.map((workspace) => workspace.key);
  const [progress, attacks] = await Promise.all([store.progressOf(keys), Promise.all(keys.map((key) => options.attacks.current(key)))]);
  const learners = workspaces
    .map((workspace, index) => learnerRow(workspace, options.idleMs, progress.get(workspace.key), attacks[index]))
    .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.id.localeCompare(b.id));
  return {
    joinCode,
    classLink: joinCode === null ? null : classLink(options.origin, joinCode),
    follow,
    idleDeleteHours: options.idleMs / 3_600_000,
    learners,
  };
}

export function classLink(origin: string, joinCode: string): string {
  return `${origin}/#/join/${joinCode}`;
}

/**
 * One row per learner; per stage the checks that passed out of those that ran, per quiz the
 * score. Every cell is quoted, and one that a spreadsheet would run as a formula (a display name
 * such as `=HYPERLINK(…)`) starts with an apostrophe instead (OWASP's advice on CSV injection).
 */
export function classCsv(snapshot: ClassSnapshot, stageIds: readonly string[]): string {
  const quizIds = [...new Set(snapshot.learners.flatMap((learner) => Object.keys(learner.quizzes)))].sort();
  const header = ['name', 'joined', 'last active', ...stageIds.map((id) => `${id} checks passed`), ...quizIds.map((id) => `${id} quiz`)];
  const rows = snapshot.learners.map((learner) => [
    learner.displayName,
    learner.joinedAt,
    learner.lastActiveAt,
    ...stageIds.map((id) => {
      const stage = Object.hasOwn(learner.stages, id) ? learner.stages[id] : undefined;
      return stage === undefined ? '' : `${stage.pass}/${stage.pass + stage.fail + stage.notApplicable}`;
    }),
    ...quizIds.map((id) => {
      const quiz = Object.hasOwn(learner.quizzes, id) ? learner.quizzes[id] : undefined;
      return quiz === undefined ? '' : `${quiz.correct}/${quiz.total}`;
    }),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}
