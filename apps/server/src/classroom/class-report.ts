import type { ClassSnapshot, LearnerRow } from '@authlab/contract';
import type { AttackSlots } from './attack-slots.ts';
import type { ClassState } from './class-state.ts';
import type { Workspace, WorkspaceRegistry } from './workspace-registry.ts';

/** What the instructor's table shows, and the class's progress as a file to keep. */

const iso = (ms: number): string => new Date(ms).toISOString();

function learnerRow(workspace: Workspace, idleMs: number, attacks: AttackSlots): LearnerRow {
  const attack = attacks.current(workspace.key);
  return {
    id: workspace.key,
    displayName: workspace.displayName,
    joinedAt: iso(workspace.createdAtMs),
    lastActiveAt: iso(workspace.lastActiveAtMs),
    deletesAt: iso(workspace.lastActiveAtMs + idleMs),
    stages: Object.fromEntries(workspace.progress.stages),
    quizzes: Object.fromEntries(workspace.progress.quizzes),
    attacking: attack === undefined ? null : { attack: attack.attack, stage: attack.stage },
  };
}

export function classSnapshot(registry: WorkspaceRegistry, state: ClassState, options: { idleMs: number; origin: string; attacks: AttackSlots }): ClassSnapshot {
  const learners = registry
    .list()
    .map((workspace) => learnerRow(workspace, options.idleMs, options.attacks))
    .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.id.localeCompare(b.id));
  return {
    joinCode: state.joinCode,
    classLink: state.joinCode === null ? null : classLink(options.origin, state.joinCode),
    follow: state.follow,
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
