import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useLabBrowser } from './browser.ts';

const lab = useLabBrowser();
let page: Page;

/** A short name for the focused element: its test id, role and name, or its tag. */
async function focused(): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return 'body';
    const testId = element.getAttribute('data-testid');
    const role = element.getAttribute('role') ?? element.tagName.toLowerCase();
    return testId ?? `${role}: ${element.textContent?.trim().slice(0, 40) ?? ''}`;
  });
}

/**
 * Watches focus on every animation frame for the rest of the page's life and remembers each time
 * it fell to <body>, with the element that had it last: a panel swapped for a spinner or a control
 * disabled under the keyboard loses focus between two of the test's own looks.
 */
async function watchFocus(): Promise<void> {
  await page.evaluate(() => {
    const losses: string[] = [];
    (window as unknown as { focusLosses: string[] }).focusLosses = losses;
    let last = '';
    const look = (): void => {
      const element = document.activeElement;
      if (element === null || element === document.body) {
        if (losses.at(-1) !== last) losses.push(last);
      } else {
        last = element.getAttribute('data-testid') ?? `${element.getAttribute('role') ?? element.tagName}: ${element.textContent?.trim().slice(0, 40) ?? ''}`;
      }
      requestAnimationFrame(look);
    };
    look();
  });
}

async function focusLosses(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { focusLosses: string[] }).focusLosses);
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; focus must never land on <body>. */
async function tabTo(selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let press = 0; press < 200; press++) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await page.keyboard.press(key);
    expect(await focused()).not.toBe('body');
  }
  throw new Error(`${key} never reached ${selector}`);
}

async function selectedTab(): Promise<string | null> {
  return page.getByRole('tab', { selected: true }).textContent();
}

describe('the keyboard alone', () => {
  it('moves through the tabs, runs the checks, dumps the breach, toggles a mistake and sends a request, and focus never falls to <body>', async () => {
    page = await lab.open('jwt');
    await page.getByRole('tab', { name: 'Lesson' }).waitFor();
    await tabTo('[role="tab"][aria-selected="true"]');
    await watchFocus();

    // Every panel but the lesson is still loading when its tab is reached: the tab keeps focus.
    for (const name of ['Code & diff', 'Practice checks', 'Breach view', 'Attack lab', 'Quiz', 'Lesson']) {
      await page.keyboard.press('ArrowRight');
      expect(await focused()).toBe(`tab: ${name}`);
      expect(await selectedTab()).toBe(name);
    }
    await page.keyboard.press('End');
    expect(await focused()).toBe('tab: Quiz');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('tab: Lesson');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('tab: Practice checks');

    // The panel is the next stop after the tab, and shows where focus went.
    await page.keyboard.press('Tab');
    const panel = page.getByRole('tabpanel');
    const ring = await panel.evaluate((element) => {
      const style = getComputedStyle(element);
      const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
      return {
        focused: document.activeElement === element,
        visible: outline || style.boxShadow !== 'none',
        style: `outline ${style.outlineStyle} ${style.outlineWidth}, box-shadow ${style.boxShadow}`,
      };
    });
    expect(ring.focused).toBe(true);
    expect(ring.visible, ring.style).toBe(true);
    await screenshot(page, 'keyboard-tabpanel-focus');

    // Enter runs the checks; the button keeps focus while they run and after.
    await tabTo('[data-testid="run-checks"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('checks-summary').textContent()).toMatch(/^Running checks/);
    expect(await focused()).toBe('run-checks');
    expect(await page.getByTestId('run-checks').getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => page.getByTestId('checks-summary').textContent(), { timeout: 60_000 }).toMatch(/\d+ pass/);
    expect(await focused()).toBe('run-checks');

    // Back to the tab list, over to the Breach view: Enter dumps the table, the button keeps focus.
    await tabTo('[role="tab"][aria-selected="true"]', 'Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('tab: Breach view');
    await tabTo('[data-testid="breach-dump"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('breach-row').first().waitFor();
    expect(await focused()).toBe('breach-dump');

    // Over to the Attack lab, and Space on a mistake's switch.
    await tabTo('[role="tab"][aria-selected="true"]', 'Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('tab: Attack lab');
    const toggle = page.locator('[data-testid="mistake-toggle"][data-mistake="weak-jwt-secret"]');
    await toggle.waitFor();
    await tabTo('[data-testid="mistake-toggle"][data-mistake="weak-jwt-secret"]');
    expect(await toggle.isChecked()).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('active-mistakes').textContent()).toContain('Guessable JWT secret');
    await expect.poll(() => toggle.getAttribute('aria-busy')).toBe(null);
    expect(await focused()).toBe('mistake-toggle');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('active-mistakes').count()).toBe(0);
    expect(await toggle.isChecked()).toBe(false);
    expect(await focused()).toBe('mistake-toggle');

    // On to the request builder: Enter on Send sends, and Send keeps focus.
    await tabTo('[data-testid="send-request"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('history-item').first().waitFor();
    await page.getByTestId('response-status').waitFor();
    expect(await focused()).toBe('send-request');

    expect(await focusLosses()).toEqual([]);
  });

  it('runs the score board and stops it without losing focus: Run hands focus to Stop and takes it back', async () => {
    page = await lab.open('matrix');
    await page.getByTestId('matrix').waitFor();
    await watchFocus();

    // One stage's Run keeps focus while its checks run and after.
    const stageOneRun = 'button[aria-label^="Run the checks on stage 1"]';
    const onStageOneRun = (): Promise<boolean> => page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, stageOneRun);
    await tabTo(stageOneRun);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.matrix-column-status').first().textContent(), { timeout: 60_000 }).toMatch(/as expected/);
    expect(await onStageOneRun()).toBe(true);
    await expect.poll(() => page.getByTestId('matrix-run-all').getAttribute('aria-disabled'), { timeout: 60_000 }).toBe(null);
    expect(await onStageOneRun()).toBe(true);

    // Run all: focus moves to Stop; Enter on Stop; once the run has stopped, focus is back on Run all.
    await tabTo('[data-testid="matrix-run-all"]', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused()).toBe('button: Stop');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(), { timeout: 60_000 }).toBe('matrix-run-all');
    expect(await page.getByTestId('matrix-run-all').getAttribute('aria-disabled')).toBe(null);
    expect(await page.locator('.matrix-column-status', { hasText: /stopped|waiting|not run/ }).count()).toBeGreaterThan(0);

    expect(await focusLosses()).toEqual([]);
  });
});
