/** Quiz scores from the answers kept in progress. Pure, so the header and the quiz agree. */
import type { QuizQuestion } from '../../content/course.ts';

export interface QuizScore {
  correct: number;
  answered: number;
  total: number;
}

type AnswerKey = Pick<QuizQuestion, 'id' | 'answer'>;

/** One lesson: only answers to questions that still exist count. */
export function scoreQuiz(questions: readonly AnswerKey[], answers: Readonly<Record<string, number>> | undefined): QuizScore {
  const given = questions.filter((question) => answers?.[question.id] !== undefined);
  return {
    correct: given.filter((question) => answers?.[question.id] === question.answer).length,
    answered: given.length,
    total: questions.length,
  };
}

/** Every lesson's quiz together, keyed by lesson folder. */
export function scoreAllQuizzes(quizzes: Readonly<Record<string, readonly AnswerKey[]>>, answers: Readonly<Record<string, Readonly<Record<string, number>>>>): QuizScore {
  return Object.entries(quizzes).reduce<QuizScore>(
    (sum, [lesson, questions]) => {
      const score = scoreQuiz(questions, answers[lesson]);
      return { correct: sum.correct + score.correct, answered: sum.answered + score.answered, total: sum.total + score.total };
    },
    { correct: 0, answered: 0, total: 0 },
  );
}

/** "3/5 correct", and how many are still open. */
export function describeScore(score: QuizScore): string {
  const open = score.total - score.answered;
  return `${score.correct}/${score.total} correct${open > 0 ? ` · ${open} still to answer` : ''}`;
}
