import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useLabBrowser, type Viewport } from './browser.ts';
import { MAIN_VIEWS as VIEWS, openView } from './views.ts';

const lab = useLabBrowser();

const LAPTOP: Viewport = { width: 1280, height: 720 };
const PHONE: Viewport = { width: 390, height: 844 };
const SMALL_PHONE: Viewport = { width: 360, height: 740 };

/**
 * Elements that stick out past the right edge of the viewport, outermost first: what makes the
 * page scroll sideways. Empty when the page fits.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (element: Element): string =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.classList.length > 0 ? `.${[...element.classList].join('.')}` : ''} (${Math.round(element.getBoundingClientRect().right)} px)`;
    /** Inside a box that scrolls (or clips) on its own, sticking out is that box's business. */
    const insideScrollingBox = (element: Element): boolean => {
      for (let ancestor = element.parentElement; ancestor !== null && ancestor !== document.body; ancestor = ancestor.parentElement) {
        if (getComputedStyle(ancestor).overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const right = element.getBoundingClientRect().right;
      const parent = element.parentElement;
      if (right <= width + 0.5 || parent === null || parent.getBoundingClientRect().right > width + 0.5) continue;
      if (insideScrollingBox(element)) continue;
      culprits.push(describe(element));
    }
    if (document.documentElement.scrollWidth > width) culprits.unshift(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport`);
    return culprits;
  });
}

describe.each([
  ['1280×720', LAPTOP],
  ['390×844', PHONE],
  ['360×740', SMALL_PHONE],
])('at %s', (size, viewport) => {
  it.each(VIEWS.map((view) => [view.name, view] as const))('%s fits the width: no sideways page scroll', async (_name, view) => {
    const page = await openView(lab, view, { viewport });
    expect(await overflowing(page)).toEqual([]);
    if (viewport !== SMALL_PHONE) await screenshot(page, `layout-${view.name}-${size.replace('×', 'x')}`);
  });
});

describe('controls and answers stay usable', () => {
  it.each([
    ['1280×720', LAPTOP],
    ['390×844', PHONE],
  ])('the flowchart Enlarge button takes a real mouse click at %s, never covered by the chart', async (_size, viewport) => {
    for (const stage of ['plaintext', 'lockout']) {
      const page = await lab.open(stage, { viewport });
      await page.locator('.flowchart-svg svg').waitFor();
      const enlarge = page.getByRole('button', { name: 'Enlarge' });
      // A trial click runs Playwright's actionability checks, hit target included, without clicking.
      await enlarge.click({ trial: true, timeout: 5_000 });
      await enlarge.click();
      await page.getByRole('button', { name: 'Close (Esc)' }).click({ timeout: 5_000 });
      await page.context().close();
    }
  });

  it.each([
    ['normal', false],
    ['presenter', true],
  ])('at 1280×720 in %s mode, the answer to Send is on screen without scrolling', async (_mode, presenter) => {
    const page = await lab.open('plaintext', { viewport: LAPTOP });
    if (presenter) await page.getByRole('button', { name: /presenter/i }).click();
    for (const preset of ['reset', 'register', 'login', 'records']) {
      await page.getByTestId(`preset-${preset}`).click();
      const before = await page.getByTestId('history-item').count();
      await page.getByTestId('send-request').click({ timeout: 5_000 });
      await expect.poll(() => page.getByTestId('history-item').count()).toBeGreaterThan(before);
      const status = page.getByTestId('response-status');
      await expect
        .poll(
          async () => {
            const box = await status.boundingBox();
            return box !== null && box.y >= 0 && box.y + box.height <= LAPTOP.height;
          },
          { timeout: 3_000 },
        )
        .toBe(true);
      // On screen and not under anything: the point at its centre belongs to the status itself.
      expect(
        await status.evaluate((element) => {
          const box = element.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return hit !== null && element.contains(hit);
        }),
      ).toBe(true);
    }
    await screenshot(page, `layout-answer-after-send-${presenter ? 'presenter' : 'normal'}-1280x720`);
  });
});

/** The smallest flowchart label on screen, in CSS px: its font size times the chart's scale on screen. */
async function smallestLabelPx(page: Page): Promise<number> {
  await page.locator('.flowchart-svg svg .node').first().waitFor();
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('.flowchart-svg svg');
    if (svg === null) return 0;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('.node text, .edgeLabel text')].map((text) => Number.parseFloat(getComputedStyle(text).fontSize) * scale);
    // The node ids written above the boxes count as labels too.
    return Math.min(...sizes);
  });
}

describe('flowchart labels can be read', () => {
  it.each(['plaintext', 'jwt', 'lockout'])('%s: at least 12 px in the lesson and 20 px in presenter mode, at 1280×720', async (stage) => {
    const page = await lab.open(stage, { viewport: LAPTOP });
    const normal = await smallestLabelPx(page);
    await page.getByRole('button', { name: /presenter/i }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.presenter)).toBe('on');
    const presenter = await smallestLabelPx(page);
    console.log(`${stage} flowchart labels: ${normal.toFixed(1)} px, presenter ${presenter.toFixed(1)} px`);
    expect(normal).toBeGreaterThanOrEqual(12);
    expect(presenter).toBeGreaterThanOrEqual(20);
    await screenshot(page, `layout-flowchart-${stage}-presenter-1280x720`);
  });
});

describe('the chart keeps its place', () => {
  /** Whether the client's box, A, lies wholly inside the chart's scrolling box. */
  const clientInView = (page: Page): Promise<boolean> =>
    page.evaluate(() => {
      const box = document.querySelector('.flowchart-svg');
      const node = [...(box?.querySelectorAll('g.node') ?? [])].find((element) => /(^|-)flowchart-A-\d+$/.test(element.id));
      if (box === null || node === undefined) return false;
      const [outer, inner] = [box.getBoundingClientRect(), node.getBoundingClientRect()];
      return inner.left >= outer.left - 1 && inner.right <= outer.right + 1 && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
    });

  it('brings the client, A, back into view when presenter mode zooms the chart', async () => {
    const page = await lab.open('lockout', { viewport: LAPTOP });
    await page.locator('.flowchart-svg svg').waitFor();
    await expect.poll(() => clientInView(page)).toBe(true);
    // Scrolled to the far corner, as after following a long trace.
    await page.locator('.flowchart-svg').evaluate((box) => box.scrollTo(box.scrollWidth, box.scrollHeight));
    expect(await clientInView(page)).toBe(false);
    await page.getByRole('button', { name: /presenter/i }).click();
    await expect.poll(() => clientInView(page)).toBe(true);
  });
});

describe('the ids the lessons speak of are on the chart', () => {
  it("shows every node id of the last request's path on its box, e.g. A → F → G → H", async () => {
    const page = await lab.open('plaintext', { viewport: LAPTOP });
    await page.locator('.flowchart-svg svg .node-id').first().waitFor();
    for (const preset of ['reset', 'register', 'login', 'records']) {
      await page.getByTestId(`preset-${preset}`).click();
      const sent = await page.getByTestId('history-item').count();
      await page.getByTestId('send-request').click();
      // The records preset carries the token the login answered with: wait for each answer, as a learner would.
      await expect.poll(() => page.getByTestId('history-item').count()).toBeGreaterThan(sent);
    }
    await expect.poll(() => page.getByTestId('trace-path').textContent()).toBe('A → F → G → H');
    const shown = await page.locator('.flowchart-svg .node-id').allTextContents();
    for (const id of ['A', 'F', 'G', 'H', 'B', 'C', 'D', 'E', 'REG']) expect(shown).toContain(id);
  });
});

describe('presenter mode fits a 1280×720 projector', () => {
  it.each([
    ['normal', false],
    ['presenter', true],
  ])('%s: the lesson starts in the top 55 %% of the screen, and all six stages of the attack matrix show', async (_mode, presenter) => {
    const page = await lab.open('lockout', { viewport: LAPTOP });
    await page.getByRole('tablist').first().waitFor();
    if (presenter) await page.getByRole('button', { name: /presenter/i }).click();
    await expect.poll(async () => (await page.getByRole('tablist').first().boundingBox())?.y ?? Infinity).toBeLessThan(LAPTOP.height * 0.55);
    await screenshot(page, `layout-stage6-${presenter ? 'presenter' : 'normal'}-1280x720`);

    const matrix = await lab.open('attack-matrix', { viewport: LAPTOP });
    const scroller = matrix.locator('.matrix-scroll');
    await scroller.waitFor();
    if (presenter) await matrix.getByRole('button', { name: /presenter/i }).click();
    await expect.poll(() => scroller.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  });
});

describe('progress counts what the learner did', () => {
  it('marks a lesson read only once its last line has been on screen', async () => {
    const page = await lab.open('sha256', { viewport: LAPTOP });
    const end = page.getByTestId('lesson-end');
    await end.waitFor({ state: 'attached' });
    const lessonsRead = (): Promise<string[]> =>
      page.evaluate(() => (JSON.parse(localStorage.getItem('authlab.progress.v1') ?? '{"lessonsRead":[]}') as { lessonsRead: string[] }).lessonsRead);
    await page.waitForTimeout(500);
    expect(await lessonsRead()).not.toContain('sha256');
    await end.scrollIntoViewIfNeeded();
    await expect.poll(lessonsRead).toContain('sha256');
    await expect.poll(() => page.getByTestId('progress-menu').textContent()).toMatch(/Progress 1\/\d+/);
  });
});
