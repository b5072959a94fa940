import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { useLabBrowser } from './browser.ts';
import { MAIN_VIEWS, openView } from './views.ts';

const lab = useLabBrowser();
let page: Page;

/** Every page here can take axe-core: the lab's CSP would refuse the injected script. */
async function open(route: string): Promise<Page> {
  page = await lab.open(route, { bypassCSP: true });
  return page;
}

async function openTab(name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel').getByRole('heading').first().waitFor();
}

/** axe-core on the view as it is now: no critical or serious violation, listed by node if any. */
async function expectAccessible(view: string): Promise<void> {
  expect(await seriousViolations(page), view).toEqual([]);
}

describe('axe-core finds no critical or serious violation', () => {
  it('on the introduction and its quiz, before and after an answer', async () => {
    await open('intro');
    await page.getByRole('heading', { level: 1, name: 'Welcome to AuthLab' }).waitFor();
    await expectAccessible('intro');
    await page.getByRole('tab', { name: 'Quiz' }).click();
    const first = page.getByTestId('quiz-question').first();
    await first.waitFor();
    await expectAccessible('quiz');
    await first.getByRole('radio').first().check();
    await first.getByTestId('quiz-check').click();
    await expect.poll(() => first.getAttribute('data-state')).toMatch(/right|wrong/);
    await expectAccessible('quiz, answered');
  });

  it('on a stage lesson (with a table), before and after a request', async () => {
    await open('jwt');
    await page.locator('.flowchart-svg svg').waitFor();
    await page.locator('.markdown table').first().waitFor();
    await expectAccessible('stage lesson');
    await page.getByTestId('preset-reset').click();
    await page.getByTestId('send-request').click();
    await page.getByTestId('response-flow').waitFor();
    await expectAccessible('stage lesson after a request');
  });

  it("on a stage's code diff, comments on changed lines included", async () => {
    await open('bcrypt');
    await page.getByRole('tab', { name: 'Code & diff' }).click();
    await expect.poll(() => page.getByTestId('code-diff').textContent(), { timeout: 20_000 }).toContain('createBcryptHasher');
    await expectAccessible('code diff');
  });

  it("on a stage's practice checks after a run, and its breach view", async () => {
    await open('plaintext');
    await openTab('Practice checks');
    await expectAccessible('practice checks');
    await page.getByTestId('run-checks').click();
    await expect.poll(() => page.getByTestId('checks-summary').textContent(), { timeout: 60_000 }).toMatch(/\d+ pass/);
    await expectAccessible('practice checks after a run');
    await openTab('Breach view');
    await page.getByTestId('breach-dump').click();
    await page.getByTestId('breach-row').first().waitFor();
    await expectAccessible('breach view');
  });

  it('on the attack lab, before and after an attack', async () => {
    await open('plaintext');
    await openTab('Attack lab');
    await expectAccessible('attack lab');
    await page.getByTestId('attack-run').click();
    await page.getByTestId('attack-outcome').waitFor({ timeout: 60_000 });
    await page.getByTestId('attack-chart').locator('canvas').first().waitFor();
    await expectAccessible('attack lab after a run');
  });

  it('on the score board, before and after one stage is run', async () => {
    await open('matrix');
    await page.getByTestId('matrix').waitFor();
    await expectAccessible('score board');
    await page.getByRole('button', { name: /Run the checks on stage 1/ }).click();
    await expect.poll(() => page.locator('[data-testid="matrix-cell"][data-stage="plaintext"][data-status="pass"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('matrix-run-all').getAttribute('aria-disabled'), { timeout: 60_000 }).toBe(null);
    await expectAccessible('score board after a run');
  });

  it('on the progress menu, with exercise runs recorded and without', async () => {
    await open('intro');
    await page.getByTestId('progress-menu').click();
    await page.getByTestId('exercise-progress-item').first().waitFor();
    expect(await page.getByTestId('exercise-progress').textContent()).toContain('npm run challenge');
    await expectAccessible('progress menu before any exercise run');

    // What `npm run challenge` records after a learner fixed the password hash in their starter.
    const at = (minute: number): string => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString();
    const runs = {
      version: 1,
      lastRunAt: at(5),
      exercises: [
        {
          exercise: 'challenge',
          lastRunAt: at(5),
          runs: 2,
          checks: [
            { id: 'slow-hash', status: 'pass', firstFailedAt: at(0), turnedToPassAt: at(5) },
            { id: 'token-expires', status: 'fail', firstFailedAt: at(0), turnedToPassAt: null },
          ],
          tests: { passed: 2, total: 6 },
        },
      ],
    };
    writeFileSync(path.join(lab.dataDir, 'exercise-runs.json'), JSON.stringify(runs));
    await page.getByTestId('exercise-progress-refresh').click();
    const challenge = page.locator('[data-testid="exercise-progress-item"][data-exercise="challenge"]');
    await expect.poll(() => challenge.textContent()).toContain('1/2 checks pass on your code');
    await expect.poll(() => challenge.getByTestId('exercise-progress-fixed').textContent()).toContain('Passwords use a slow password hash');
    await expectAccessible('progress menu with exercise runs');
  });

  it('on the attack matrix before a run', async () => {
    await open('attack-matrix');
    await expect.poll(() => page.getByTestId('attack-matrix-cell').count()).toBe(54);
    await expectAccessible('attack matrix');
  });
});

describe('axe-core finds no critical or serious violation on every main view', () => {
  it.each(MAIN_VIEWS.map((view) => [view.name, view] as const))('%s: presenter mode at 1280×720, and at 390×844', async (name, view) => {
    page = await openView(lab, view, { viewport: { width: 1280, height: 720 }, bypassCSP: true });
    await page.getByRole('button', { name: /presenter/i }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.presenter)).toBe('on');
    await expectAccessible(`${name}, presenter mode`);
    page = await openView(lab, view, { viewport: { width: 390, height: 844 }, bypassCSP: true });
    await expectAccessible(`${name}, 390 px`);
  });
});
