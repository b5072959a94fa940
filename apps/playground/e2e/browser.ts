import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; CI installs it with `apt-get install -y chromium`. Never a downloaded build. */
const CHROMIUM = process.env.AUTHLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots land here (git-ignored) so a reviewer can look at each main view. */
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../.e2e-artifacts');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // A closed network: without these Chromium keeps dialling Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page that fails the test on any console error or CSP violation. */
export async function openPage(browser: Browser, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.on('console', (message) => {
    // Chromium logs every 4xx answer to fetch; the lab provokes 401, 423 and 429 on purpose.
    const expectedRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !expectedRefusal) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}
