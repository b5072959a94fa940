/**
 * Progress lives in this browser only (localStorage): lessons read to the end and quiz answers.
 * (`checksPassed` is kept so older exports still import; the lab's own stages are not progress.)
 * It can be exported as JSON, imported again elsewhere, and reset. The learner's exercise runs
 * are not here: the lab server keeps them (GET /api/exercises/progress, components/ExerciseProgress.tsx).
 */
import { createStore, useStore } from '../lib/store.ts';

export interface Progress {
  version: 1;
  lessonsRead: string[];
  /** stage id → ids of the checks that passed there. */
  checksPassed: Record<string, string[]>;
  /** lesson folder → question id → chosen answer index. */
  quizAnswers: Record<string, Record<string, number>>;
}

const KEY = 'authlab.progress.v1';
const EMPTY: Progress = { version: 1, lessonsRead: [], checksPassed: {}, quizAnswers: {} };

/** Accepts only a well-formed progress object; anything else is refused with a reason. */
export function parseProgress(text: string): Progress {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('That file is not JSON.');
  }
  const candidate = value as Partial<Progress> | null;
  const isStringArray = (item: unknown): item is string[] => Array.isArray(item) && item.every((entry) => typeof entry === 'string');
  const isRecord = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item);
  if (
    candidate === null ||
    candidate.version !== 1 ||
    !isStringArray(candidate.lessonsRead) ||
    !isRecord(candidate.checksPassed) ||
    !Object.values(candidate.checksPassed).every(isStringArray) ||
    !isRecord(candidate.quizAnswers) ||
    !Object.values(candidate.quizAnswers).every((answers) => isRecord(answers) && Object.values(answers).every((answer) => Number.isInteger(answer)))
  ) {
    throw new Error('That file is not an AuthLab progress export.');
  }
  return { version: 1, lessonsRead: candidate.lessonsRead, checksPassed: candidate.checksPassed, quizAnswers: candidate.quizAnswers };
}

/** Read from localStorage on first use; anything unreadable there starts from nothing. */
const progress = createStore<Progress>(() => {
  try {
    const stored = localStorage.getItem(KEY);
    return stored === null ? EMPTY : parseProgress(stored);
  } catch {
    return EMPTY;
  }
});

export function writeProgress(next: Progress): void {
  progress.set(next);
  localStorage.setItem(KEY, JSON.stringify(next));
}

export function resetProgress(): void {
  writeProgress(EMPTY);
}

export function useProgress(): [Progress, (update: (previous: Progress) => Progress) => void] {
  return [useStore(progress), updateProgress];
}

function updateProgress(change: (previous: Progress) => Progress): void {
  writeProgress(change(progress.get()));
}

export function markLessonRead(progress: Progress, lesson: string): Progress {
  return progress.lessonsRead.includes(lesson) ? progress : { ...progress, lessonsRead: [...progress.lessonsRead, lesson] };
}
