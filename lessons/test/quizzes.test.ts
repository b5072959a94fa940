import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_QUESTIONS, STAGES } from './course.ts';
import { LESSONS_DIR, readLessonFile } from './parse.ts';

interface Question {
  id: string;
  prompt: string;
  choices: string[];
  answer: number;
  explanation: string;
}

const QUIZ_FOLDERS = ['00-intro', ...STAGES.map((stage) => stage.folder), '99-whats-next'].filter((folder) => existsSync(path.join(LESSONS_DIR, folder, 'quiz.json')));

function readQuiz(folder: string): { questions: Question[] } {
  return JSON.parse(readLessonFile(folder, 'quiz.json')) as { questions: Question[] };
}

it('every stage and the intro have a quiz', () => {
  for (const folder of ['00-intro', ...STAGES.map((stage) => stage.folder)]) expect(QUIZ_FOLDERS).toContain(folder);
});

describe.each(QUIZ_FOLDERS)('the %s quiz', (folder) => {
  const quiz = readQuiz(folder);

  it('has only a questions array of three to six questions', () => {
    expect(Object.keys(quiz)).toEqual(['questions']);
    expect(quiz.questions.length).toBeGreaterThanOrEqual(3);
    expect(quiz.questions.length).toBeLessThanOrEqual(6);
  });

  it.each(quiz.questions.map((question) => [question.id, question]))('question %s is well formed', (_id, question) => {
    expect(Object.keys(question)).toEqual(['id', 'prompt', 'choices', 'answer', 'explanation']);
    expect(question.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(question.prompt.trim()).not.toBe('');
    expect(question.choices.length).toBeGreaterThanOrEqual(3);
    expect(new Set(question.choices).size).toBe(question.choices.length);
    expect(Number.isInteger(question.answer)).toBe(true);
    expect(question.answer).toBeGreaterThanOrEqual(0);
    expect(question.answer).toBeLessThan(question.choices.length);
    expect(question.explanation).toMatch(/^[A-Za-z`].*[.!?]$/s);
  });
});

it('question ids are unique across the course', () => {
  const ids = QUIZ_FOLDERS.flatMap((folder) => readQuiz(folder).questions.map((question) => question.id));
  expect(ids.length).toBe(new Set(ids).size);
});

it.each(REQUIRED_QUESTIONS)('covers $topic', ({ folder, id }) => {
  expect(readQuiz(folder).questions.map((question) => question.id)).toContain(id);
});
