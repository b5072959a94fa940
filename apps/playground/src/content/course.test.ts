import { existsSync } from 'node:fs';
import path from 'node:path';
import { QUIZ_PAGE_IDS } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { PAGES } from './course.ts';

const LESSONS = path.resolve(import.meta.dirname, '../../../../lessons');

describe('the course', () => {
  it('has a quiz on exactly the pages the classroom takes quiz scores for', () => {
    const withQuiz = PAGES.filter((page) => page.folder !== undefined && existsSync(path.join(LESSONS, page.folder, 'quiz.json'))).map((page) => page.id);
    expect(withQuiz.sort()).toEqual([...QUIZ_PAGE_IDS].sort());
  });
});
