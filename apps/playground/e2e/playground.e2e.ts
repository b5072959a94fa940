import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useLabBrowser } from './browser.ts';

const lab = useLabBrowser();
let page: Page;

async function open(route: string): Promise<Page> {
  page = await lab.open(route);
  return page;
}

describe('the playground', () => {
  it('opens on the introduction, first lesson painted quickly', async () => {
    await open('intro');
    await page.getByRole('heading', { level: 1, name: 'Welcome to AuthLab' }).waitFor();
    await page.getByText('Authentication').first().waitFor();
    const paintMs = await page.evaluate(() => performance.getEntriesByName('authlab:first-lesson-paint')[0]?.startTime ?? -1);
    console.log(`time to first lesson paint: ${Math.round(paintMs)} ms`);
    expect(paintMs).toBeGreaterThan(0);
    await screenshot(page, '01-intro');
  });

  it('lists the six stages in order and marks which are insecure on purpose', async () => {
    await open('intro');
    const nav = page.getByRole('navigation', { name: 'Lessons' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('Plain text'), expect.stringContaining('Lockout')]),
    );
    expect(await nav.getByText('insecure').count()).toBe(5);
  });

  it('renders a stage lesson with code included from the real stage file, and its flowchart', async () => {
    await open('bcrypt');
    await page.getByRole('heading', { level: 1, name: 'Stage 3: bcrypt' }).waitFor();
    await page.locator('figcaption', { hasText: 'apps/server/src/stages/03-bcrypt.ts' }).first().waitFor();
    await page.locator('.flowchart-svg svg').waitFor();
    await screenshot(page, '02-lesson-bcrypt');
  });
});

/** Fills the builder from a preset and sends it; returns the status the response view shows. */
async function sendPreset(preset: string): Promise<string> {
  await page.getByTestId(`preset-${preset}`).click();
  const previous = await page.getByTestId('history-item').count();
  await page.getByTestId('send-request').click();
  await expect.poll(() => page.getByTestId('history-item').count()).toBeGreaterThan(previous);
  return (await page.getByTestId('response-status').textContent()) ?? '';
}

describe('a stage walk-through', () => {
  it('registers, logs in and reads records on stage 1, lighting up the path each request took', async () => {
    await open('plaintext');
    expect(await sendPreset('reset')).toContain('204');
    expect(await sendPreset('register')).toContain('201');
    expect(await sendPreset('login')).toContain('200');
    expect(await sendPreset('records')).toContain('200');
    await expect.poll(() => page.getByTestId('trace-path').textContent()).toBe('A → F → G → H');
    // Each node of the path lights up in turn on the flowchart.
    await expect.poll(() => page.locator('.flowchart-svg .node.trace-lit').count(), { timeout: 5_000 }).toBe(4);
    await screenshot(page, '03-stage-trace');

    expect(await sendPreset('unknown-user')).toContain('401');
    expect(await page.getByTestId('response-body').textContent()).toContain('Unknown user');
    await expect.poll(() => page.getByTestId('trace-path').textContent()).toBe('A → B → C → E');
  });

  it('decodes a JWT, verifies it on the server, and exports the request as curl', async () => {
    await open('jwt');
    await sendPreset('reset');
    await sendPreset('register');
    expect(await sendPreset('login')).toContain('200');
    const inspector = page.getByTestId('token-inspector');
    await expect.poll(() => inspector.textContent()).toContain('HS256');
    expect(await page.getByTestId('token-expiry').textContent()).toMatch(/expires in/);
    await page.getByTestId('verify-token').click();
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toContain('200');
    await screenshot(page, '04-token-inspector');

    await page.getByTestId('preset-records').click();
    await page.getByTestId('copy-curl').click();
    const command = (await page.getByTestId('curl-command').textContent()) ?? '';
    expect(command).toMatch(/^curl /);
    expect(command).toContain(`${lab.url}/api/stages/jwt/records`);
    expect(command).toMatch(/Authorization: Bearer [\w-]+\.[\w-]+\.[\w-]+/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
  });

  it('shows that a Basic header is only base64 of user:password', async () => {
    await open('basic');
    await sendPreset('reset');
    await sendPreset('register');
    expect(await sendPreset('basic')).toContain('200');
    await expect.poll(() => page.getByTestId('basic-decoded').textContent()).toContain('alice:correct-horse-battery-42');
  });

  it("logs in with a cookie on stage 5, shows the cookie's attributes, and lets another site's form change the account", async () => {
    await open('jwt');
    await sendPreset('reset');
    await sendPreset('register');
    expect(await sendPreset('cookie-login')).toContain('200');
    const setCookie = (await page.getByTestId('response-headers').textContent()) ?? '';
    expect(setCookie).toMatch(/authlab-jwt-session=[\w-]+; .*; Secure; SameSite=None/);
    expect(setCookie).not.toContain('HttpOnly');
    expect(await sendPreset('csrf')).toContain('200');
    await expect.poll(() => page.getByTestId('trace-path').textContent()).toBe('A → F → G → EMAIL');
    expect(await sendPreset('cookie-account')).toContain('200');
    expect(await page.getByTestId('response-body').textContent()).toContain('attacker@example.com');
  });

  it('refuses the same forged form on stage 6, whose cookie stays behind', async () => {
    await open('lockout');
    await sendPreset('reset');
    await sendPreset('register');
    expect(await sendPreset('cookie-login')).toContain('200');
    expect(await page.getByTestId('response-headers').textContent()).toMatch(/__Host-authlab-lockout-session=[\w-]+; .*HttpOnly; Secure; SameSite=Strict/);
    expect(await sendPreset('csrf')).toContain('403');
    await expect.poll(() => page.getByTestId('trace-path').textContent()).toBe('A → CSRF');
  });

  it('locks stage 6 after five failures, even for the right password', async () => {
    await open('lockout');
    await sendPreset('reset');
    await sendPreset('register');
    for (let attempt = 0; attempt < 5; attempt++) expect(await sendPreset('wrong-password')).toContain('401');
    expect(await sendPreset('login')).toContain('423');
    await expect.poll(() => page.getByTestId('trace-path').textContent()).toBe('A → B → LOCK');
    await screenshot(page, '05-lockout');
  });
});
