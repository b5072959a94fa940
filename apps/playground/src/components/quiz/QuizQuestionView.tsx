import { useId, useState, type ReactNode } from 'react';
import type { QuizQuestion } from '../../content/course.ts';

interface QuizQuestionProps {
  question: QuizQuestion;
  number: number;
  /** The answer checked earlier (kept in progress), if any. */
  checked: number | undefined;
  onCheck(choice: number): void;
}

/** One question as a radio group; once checked, it says right or wrong and explains why. */
export function QuizQuestionView({ question, number, checked, onCheck }: QuizQuestionProps): ReactNode {
  const [picked, setPicked] = useState<number>();
  const name = useId();
  const chosen = checked ?? picked;
  const done = checked !== undefined;
  const right = checked === question.answer;

  return (
    <li>
      <fieldset
        className={`quiz-question${done ? (right ? ' quiz-right' : ' quiz-wrong') : ''}`}
        data-testid="quiz-question"
        data-question-id={question.id}
        data-state={done ? (right ? 'right' : 'wrong') : 'open'}
      >
        <legend>
          <span className="quiz-number">Question {number}. </span>
          {question.prompt}
        </legend>
        <div className="quiz-choices">
          {question.choices.map((choice, index) => {
            const marks = done && index === question.answer ? 'correct' : done && index === checked ? 'yours' : undefined;
            return (
              <label key={index} className={`quiz-choice${marks ? ` quiz-choice-${marks}` : ''}`}>
                <input type="radio" name={name} value={index} checked={chosen === index} disabled={done} onChange={() => setPicked(index)} />
                <span>{choice}</span>
                {marks === 'correct' && <span className="quiz-mark"> ✓ right answer</span>}
                {marks === 'yours' && <span className="quiz-mark"> ✗ your answer</span>}
              </label>
            );
          })}
        </div>
        {!done && (
          <button type="button" data-testid="quiz-check" disabled={picked === undefined} onClick={() => picked !== undefined && onCheck(picked)}>
            Check answer
          </button>
        )}
        <div className="quiz-feedback" aria-live="polite">
          {done && (
            <>
              <p className={right ? 'status-pass' : 'status-fail'}>{right ? '✓ Right.' : '✗ Not quite.'}</p>
              <p>{question.explanation}</p>
            </>
          )}
        </div>
      </fieldset>
    </li>
  );
}
