/**
 * Classroom mode end to end: one lab server in classroom mode, two learners in browser contexts
 * of their own and the instructor's dashboard in a third. Runs checks on the plaintext stage
 * (no bcrypt) to stay fast.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { startLabServer, type LabServer } from './lab-server.ts';

let lab: LabServer;
let browser: Browser;
const errors: string[] = [];
let ada: Page;
let grace: Page;
let instructor: Page;

function links(): { classLink: string; instructorLink: string } {
  if (lab.classLink === undefined || lab.instructorLink === undefined) throw new Error('the server printed no class or instructor link');
  return { classLink: lab.classLink, instructorLink: lab.instructorLink };
}

async function join(name: string): Promise<Page> {
  const page = await openPage(browser, errors, { bypassCSP: true });
  await page.goto(links().classLink);
  await page.getByRole('heading', { level: 1, name: 'Join the class' }).waitFor();
  // The class link carries the code: the learner types only a name.
  expect(await page.getByLabel('Join code').inputValue()).not.toBe('');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page
    .getByTestId('workspace-badge')
    .filter({ hasText: `${name}’s workspace` })
    .waitFor();
  return page;
}

/** Fills the builder from a preset and sends it; returns the status the response view shows. */
async function sendPreset(page: Page, preset: string): Promise<string> {
  await page.getByTestId(`preset-${preset}`).click();
  const previous = await page.getByTestId('history-item').count();
  await page.getByTestId('send-request').click();
  await expect.poll(() => page.getByTestId('history-item').count()).toBeGreaterThan(previous);
  return (await page.getByTestId('response-status').textContent()) ?? '';
}

async function breachNames(page: Page): Promise<string[]> {
  await page.goto(`${lab.url}/#/plaintext`);
  await page.getByRole('tab', { name: 'Breach view' }).click();
  await page.getByTestId('breach-dump').click();
  await page.locator('.breach-empty, [data-testid="breach-row"]').first().waitFor();
  return page.getByTestId('breach-row').locator('th').allTextContents();
}

beforeAll(async () => {
  [lab, browser] = await Promise.all([startLabServer({ classroom: true }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  expect(errors).toEqual([]);
});

describe('classroom mode', () => {
  it('lets two learners join from the class link, each into a workspace of their own', async () => {
    // A visitor who has not joined reads the lessons with a notice pointing at the join page.
    const visitor = await openPage(browser, errors, { bypassCSP: true });
    await visitor.goto(`${lab.url}/#/plaintext`);
    await visitor.getByTestId('join-notice').waitFor();
    await visitor.goto(`${lab.url}/#/join`);
    await visitor.getByLabel('Your name').fill('Eve');
    await visitor.getByLabel('Join code').fill('not-the-code');
    await visitor.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => visitor.getByTestId('join-problem').textContent()).toMatch(/not this class/);
    expect(await seriousViolations(visitor)).toEqual([]);
    await visitor.context().close();

    ada = await join('Ada');
    grace = await join('Grace');
    await screenshot(ada, 'classroom-learner');
  });

  it('opens the dashboard from the one-time instructor link and takes the secret out of the address', async () => {
    instructor = await openPage(browser, errors, { bypassCSP: true });
    await instructor.goto(links().instructorLink);
    await instructor.getByRole('heading', { level: 1, name: 'Instructor dashboard' }).waitFor();
    expect(instructor.url()).toMatch(/#\/instructor$/);
    expect(await instructor.evaluate(() => window.location.href)).not.toContain(new URL(links().instructorLink).hash.slice('#/instructor/'.length));
    await instructor.getByTestId('learner-Ada').waitFor();
    await instructor.getByTestId('learner-Grace').waitFor();
    await expect.poll(() => instructor.getByTestId('stream-state').textContent()).toMatch(/^Live/);
    expect(await seriousViolations(instructor)).toEqual([]);

    // The same link a second time is spent.
    const again = await openPage(browser, errors, { bypassCSP: true });
    await again.goto(links().instructorLink);
    await expect.poll(() => again.getByTestId('instructor-problem').textContent()).toMatch(/already used/);
    await again.context().close();
  });

  it('keeps one learner’s users out of another’s stages', async () => {
    await ada.goto(`${lab.url}/#/plaintext`);
    await ada.getByTestId('credential-username').fill('ada-only');
    expect(await sendPreset(ada, 'register')).toContain('201');
    expect(await breachNames(ada)).toContain('ada-only');
    expect(await breachNames(grace)).not.toContain('ada-only');
  });

  it('shows a learner’s check run on the dashboard within 2 s of the run finishing', async () => {
    await ada.goto(`${lab.url}/#/plaintext`);
    await ada.getByRole('tab', { name: 'Practice checks' }).click();
    await ada.getByTestId('run-checks').click();
    await ada.waitForFunction(() => /\d+ pass/.test(document.querySelector('[data-testid="checks-summary"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const finishedAt = Date.now();
    const cell = instructor.getByTestId('learner-Ada').locator('td[data-stage="plaintext"]');
    await cell.filter({ hasText: /\d+ pass · \d+ fail/ }).waitFor({ timeout: 5_000 });
    const latencyMs = Date.now() - finishedAt;
    console.log(`dashboard showed the run ${latencyMs} ms after it finished`);
    expect(latencyMs).toBeLessThan(2_000);
    // Through the relay, in the learner's workspace, the stage still shows the profile its lesson claims.
    expect(await ada.getByTestId('checks-summary').textContent()).not.toMatch(/differ from the lesson/);
    // Grace ran nothing.
    expect(await instructor.getByTestId('learner-Grace').locator('td[data-stage="plaintext"]').textContent()).toBe('not run');
    await screenshot(instructor, 'classroom-dashboard');
  });

  it('runs an attack in the learner’s own workspace, holding its attack slot', async () => {
    await grace.goto(`${lab.url}/#/plaintext`);
    await grace.getByRole('tab', { name: 'Attack lab' }).click();
    await grace.getByTestId('attack-select').selectOption('brute-force');
    const slotRequests: string[] = [];
    grace.on('request', (request) => {
      if (request.url().includes('/api/classroom/attack-runs')) slotRequests.push(new URL(request.url()).pathname.replace(/runs\/[^/]+\/end$/, 'runs/<id>/end'));
    });
    await grace.getByTestId('attack-run').click();
    await grace.getByTestId('attack-outcome').waitFor({ timeout: 60_000 });
    expect(await grace.getByTestId('attack-outcome').getAttribute('data-outcome')).toBe('cracked');
    // The slot was taken before and given back after: the dashboard no longer shows Grace attacking.
    await expect.poll(() => slotRequests).toEqual(['/api/classroom/attack-runs', '/api/classroom/attack-runs/<id>/end']);
    await expect.poll(() => instructor.getByTestId('learner-Grace').getByTestId('attacking').count(), { timeout: 5_000 }).toBe(0);
    // Ada's workspace saw none of it: her stage 1 still holds only what her checks left.
    expect(await breachNames(ada)).not.toContain('alice');
  });

  it('shows the follow-me banner to every learner not already there', async () => {
    await instructor.getByLabel('Everyone follow me to').selectOption('sha256');
    await instructor.getByTestId('follow-send').click();
    for (const learner of [ada, grace]) {
      const banner = learner.getByTestId('follow-banner');
      await expect.poll(() => banner.textContent(), { timeout: 5_000 }).toMatch(/Your instructor is on .*SHA-256/);
    }
    await ada.getByTestId('follow-banner').getByRole('link', { name: 'Go there' }).click();
    await ada.getByRole('heading', { level: 1, name: /Stage 2/ }).waitFor();
    expect(await ada.getByTestId('follow-banner').count()).toBe(0);
    await grace.getByTestId('follow-banner').getByRole('button', { name: 'Dismiss' }).click();
    expect(await grace.getByTestId('follow-banner').count()).toBe(0);
  });

  it('puts a learner’s quiz answers in the dashboard’s quiz column', async () => {
    await ada.goto(`${lab.url}/#/intro`);
    await ada.getByRole('tab', { name: 'Quiz' }).click();
    await ada.locator('.quiz-question').first().locator('input[type="radio"]').first().check();
    await ada.getByTestId('quiz-check').first().click();
    await expect.poll(() => instructor.getByTestId('learner-Ada').locator('td[data-column="quizzes"]').textContent(), { timeout: 5_000 }).toMatch(/^\d+\/\d+ in 1 quiz$/);
  });

  it('moves a workspace to another browser with a resume link that leaves no token in the address', async () => {
    await ada.getByTestId('workspace-badge').click();
    await ada.getByTestId('copy-resume-link').click();
    const link = await ada.getByTestId('resume-link').inputValue();
    const token = new URL(link).hash.slice('#/resume/'.length);
    expect(token.length).toBeGreaterThan(20);
    const elsewhere = await openPage(browser, errors);
    await elsewhere.goto(link);
    // Even a browser with no workspace asks first, naming whose workspace the link opens.
    await elsewhere.getByTestId('resume-confirm').filter({ hasText: "This link opens Ada's workspace" }).waitFor();
    await elsewhere.getByRole('button', { name: 'It is mine: open it here' }).click();
    await elsewhere.getByTestId('workspace-badge').filter({ hasText: 'Ada’s workspace' }).waitFor();
    expect(elsewhere.url()).toMatch(/#\/resume$/);
    expect(await elsewhere.evaluate(() => `${window.location.href} ${history.length}`)).not.toContain(token);
    await elsewhere.context().close();

    // In a browser that has a workspace of its own, the link asks first; Grace keeps hers.
    await grace.goto(link);
    await grace.getByTestId('resume-confirm').waitFor();
    expect(grace.url()).toMatch(/#\/resume$/);
    await grace.getByRole('button', { name: 'Keep this browser’s workspace' }).click();
    await grace.goto(`${lab.url}/#/intro`);
    await grace.reload();
    await grace.getByTestId('workspace-badge').filter({ hasText: 'Grace’s workspace' }).waitFor();
  });

  it('tells a learner on the Your API page to run the checks on their own machine', async () => {
    await ada.goto(`${lab.url}/#/your-api`);
    await ada.getByTestId('own-checks-classroom').waitFor();
    expect(await ada.getByTestId('run-own-checks').count()).toBe(0);
    // The header's workspace badge still fits a phone.
    await ada.setViewportSize({ width: 390, height: 844 });
    expect(await ada.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(ada, 'classroom-learner-390');
    await ada.setViewportSize({ width: 1440, height: 900 });
  });

  it('fits the dashboard into a 390 px wide screen, the table scrolling on its own', async () => {
    await instructor.setViewportSize({ width: 390, height: 844 });
    await instructor.getByTestId('class-table').waitFor();
    expect(await instructor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(instructor)).toEqual([]);
    await screenshot(instructor, 'classroom-dashboard-390');
    await instructor.setViewportSize({ width: 1440, height: 900 });
  });

  it('removes a learner’s workspace, and their page says they must join again', async () => {
    instructor.once('dialog', (dialog) => void dialog.accept());
    await instructor.getByRole('button', { name: 'Remove Grace’s workspace' }).click();
    await expect.poll(() => instructor.getByTestId('learner-Grace').count(), { timeout: 5_000 }).toBe(0);
    await grace.getByTestId('join-notice').waitFor({ timeout: 5_000 });
  });

  it('closes joining and opens it again with a new code', async () => {
    const oldCode = await instructor.getByTestId('join-code').textContent();
    instructor.once('dialog', (dialog) => void dialog.accept());
    await instructor.getByRole('button', { name: 'Close joining' }).click();
    await instructor.getByTestId('join-closed').waitFor();
    await grace.goto(`${lab.url}/#/join`);
    await grace.getByText('Joining is closed for now').first().waitFor();
    await instructor.getByRole('button', { name: 'Open with a new code' }).click();
    await instructor.getByTestId('join-code').waitFor();
    expect(await instructor.getByTestId('join-code').textContent()).not.toBe(oldCode);
  });
});
