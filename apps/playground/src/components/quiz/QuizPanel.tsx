import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { QuizQuestion } from '../../content/course.ts';
import { reportProgress } from '../../state/classroom.ts';
import { useProgress } from '../../state/progress.ts';
import { QuizQuestionView } from './QuizQuestionView.tsx';
import { describeScore, scoreQuiz } from './score.ts';
import { QUIZ_PAGE_IDS } from '@authlab/contract';

interface QuizPanelProps {
  /** The lesson folder the answers are kept under. */
  lesson: string;
  /** The page's route id, which names the quiz in a classroom's progress report. */
  page: string;
  questions: readonly QuizQuestion[];
}

/** The lesson's quiz: every question in a list, each checked on its own, answers kept in progress. */
export function QuizPanel({ lesson, page, questions }: QuizPanelProps): ReactNode {
  const [progress, updateProgress] = useProgress();
  // Bumped by "Try again" so every question forgets its unchecked pick too.
  const [attempt, setAttempt] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const answers = progress.quizAnswers[lesson];
  const score = scoreQuiz(questions, answers);

  useEffect(() => {
    // "Try again" disables itself; move focus to the first choice rather than losing it.
    if (attempt > 0) list.current?.querySelector('input')?.focus();
  }, [attempt]);

  function check(questionId: string, choice: number): void {
    const next = { ...answers, [questionId]: choice };
    updateProgress((previous) => ({ ...previous, quizAnswers: { ...previous.quizAnswers, [lesson]: next } }));
    report(next);
  }

  /** Each change of the answers reaches the instructor's table (in a classroom only). */
  function report(next: Readonly<Record<string, number>> | undefined): void {
    const { correct, total } = scoreQuiz(questions, next);
    // The lab takes scores for the pages that have a quiz (a test holds the course to that list).
    if (isQuizPage(page)) reportProgress({ kind: 'quiz', lesson: page, correct, total });
  }

  function tryAgain(): void {
    updateProgress((previous) => {
      const quizAnswers = { ...previous.quizAnswers };
      delete quizAnswers[lesson];
      return { ...previous, quizAnswers };
    });
    report(undefined);
    setAttempt((value) => value + 1);
  }

  return (
    <section className="quiz-panel" aria-labelledby="quiz-heading">
      <div className="quiz-header">
        <h2 id="quiz-heading">Quiz</h2>
        <p data-testid="quiz-score" className="quiz-score" aria-live="polite">
          {describeScore(score)}
        </p>
        <button type="button" className="button-quiet" onClick={tryAgain} disabled={score.answered === 0}>
          Try again
        </button>
      </div>
      <p className="muted">Pick an answer and check it; each answer comes with an explanation. Answers are kept in this browser.</p>
      <ol className="quiz-list" key={attempt} ref={list}>
        {questions.map((question, index) => (
          <QuizQuestionView key={question.id} question={question} number={index + 1} checked={answers?.[question.id]} onCheck={(choice) => check(question.id, choice)} />
        ))}
      </ol>
    </section>
  );
}

function isQuizPage(page: string): page is (typeof QUIZ_PAGE_IDS)[number] {
  return (QUIZ_PAGE_IDS as readonly string[]).includes(page);
}
