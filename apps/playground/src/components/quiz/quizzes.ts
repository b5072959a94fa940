/** Every lesson's quiz, keyed by lesson folder; loaded on demand (the progress menu counts them). */
import type { QuizQuestion } from '../../content/course.ts';

const QUIZ_FILES = import.meta.glob<{ questions: QuizQuestion[] }>('../../../../../lessons/*/quiz.json', { import: 'default' });

let loaded: Promise<Record<string, QuizQuestion[]>> | undefined;

export function loadAllQuizzes(): Promise<Record<string, QuizQuestion[]>> {
  loaded ??= Promise.all(
    Object.entries(QUIZ_FILES).map(async ([path, load]) => {
      const folder = /lessons\/([^/]+)\/quiz\.json$/.exec(path)?.[1] ?? path;
      return [folder, (await load()).questions] as const;
    }),
  ).then(
    (entries) => Object.fromEntries(entries),
    (error: unknown) => {
      loaded = undefined; // let the next caller try again
      throw error;
    },
  );
  return loaded;
}
