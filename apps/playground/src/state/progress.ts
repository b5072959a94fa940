/**
 * Progress lives in this browser only (localStorage): lessons read to the end and quiz answers.
 * (`checksPassed` is kept so older exports still import; the lab's own stages are not progress.)
 * It can be exported as JSON, imported again elsewhere, and reset. The learner's exercise runs
 * are not here: the lab server keeps them (GET /api/exercises/progress, components/ExerciseProgress.tsx).
 */
import { useCallback, useSyncExternalStore } from 'react';

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
    !Object.values(candidate.quizAnswers).every(
      (answers) => isRecord(answers) && Object.values(answers).every((answer) => Number.isInteger(answer)),
    )
  ) {
    throw new Error('That file is not an AuthLab progress export.');
  }
  return { version: 1, lessonsRead: candidate.lessonsRead, checksPassed: candidate.checksPassed, quizAnswers: candidate.quizAnswers };
}

let cached: Progress | undefined;
const listeners = new Set<() => void>();

function readProgress(): Progress {
  if (cached !== undefined) return cached;
  try {
    const stored = localStorage.getItem(KEY);
    cached = stored === null ? EMPTY : parseProgress(stored);
  } catch {
    cached = EMPTY;
  }
  return cached;
}

export function writeProgress(progress: Progress): void {
  cached = progress;
  localStorage.setItem(KEY, JSON.stringify(progress));
  for (const listener of listeners) listener();
}

export function resetProgress(): void {
  writeProgress(EMPTY);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useProgress(): [Progress, (update: (previous: Progress) => Progress) => void] {
  const progress = useSyncExternalStore(subscribe, readProgress);
  const update = useCallback((change: (previous: Progress) => Progress) => writeProgress(change(readProgress())), []);
  return [progress, update];
}

export function markLessonRead(progress: Progress, lesson: string): Progress {
  return progress.lessonsRead.includes(lesson) ? progress : { ...progress, lessonsRead: [...progress.lessonsRead, lesson] };
}
