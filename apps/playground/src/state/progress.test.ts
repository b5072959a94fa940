import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const KEY = 'authlab.progress.v1';
const EMPTY = { version: 1, lessonsRead: [], checksPassed: {}, quizAnswers: {} } as const;
let saved: Map<string, string>;

/** A fresh copy of the module: progress is read from localStorage once per page load. */
async function load(): Promise<typeof import('./progress.ts')> {
  vi.resetModules();
  return import('./progress.ts');
}

/** What a component sees through useProgress: the lessons read, in order. */
function lessonsSeen(module: typeof import('./progress.ts')): string {
  function Lessons(): ReactNode {
    return module.useProgress()[0].lessonsRead.join(',');
  }
  return renderToString(createElement(Lessons));
}

beforeEach(() => {
  saved = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => saved.get(key) ?? null,
    setItem: (key: string, value: string) => saved.set(key, value),
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('progress', () => {
  it('starts from what an earlier visit stored', async () => {
    saved.set(KEY, JSON.stringify({ ...EMPTY, lessonsRead: ['intro'] }));
    expect(lessonsSeen(await load())).toBe('intro');
  });

  it('starts from nothing when the stored value is not a progress export', async () => {
    saved.set(KEY, '{"version":2}');
    expect(lessonsSeen(await load())).toBe('');
  });

  it('writes every change back, so the next visit sees it', async () => {
    const progress = await load();
    progress.writeProgress({ ...EMPTY, lessonsRead: ['bcrypt'] });
    expect(lessonsSeen(progress)).toBe('bcrypt');
    expect(lessonsSeen(await load())).toBe('bcrypt');
    progress.resetProgress();
    expect(lessonsSeen(progress)).toBe('');
    expect(JSON.parse(saved.get(KEY) ?? 'null')).toEqual(EMPTY);
  });
});
