import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startLabServer, type LabServer } from './lab-server.ts';

/** Debian's Chromium; CI installs it with `apt-get install -y chromium`. Never a downloaded build. */
const CHROMIUM = process.env.AUTHLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots land here (git-ignored) so a reviewer can look at each main view. */
const ARTIFACTS = path.resolve(import.meta.dirname, '../../../.e2e-artifacts');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // A closed network: without these Chromium keeps dialling Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Viewport {
  width: number;
  height: number;
}

export interface OpenOptions {
  /** Defaults to 1440×900. */
  viewport?: Viewport;
  /**
   * Lets a test inject a script (axe-core) past the page's CSP. Only for tests that need it:
   * everywhere else a CSP violation must fail the test.
   */
  bypassCSP?: boolean;
}

/** A page that fails the test on any console error or CSP violation. */
export async function openPage(browser: Browser, errors: string[], options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, bypassCSP: options.bypassCSP ?? false });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.on('console', (message) => {
    // Chromium logs every 4xx answer to fetch; the lab provokes 401, 423 and 429 on purpose.
    // The Your API page's relay answers 502 when nothing listens at the learner's URL, which a test provokes.
    const relayedNothing = message.location().url.endsWith('/api/relay/own') && / status of 502 /.test(message.text());
    const expectedRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) || relayedNothing;
    if (message.type() === 'error' && !expectedRefusal) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

export interface LabBrowser {
  /** The lab server's base URL, e.g. for a copied curl command. */
  readonly url: string;
  /** The lab server's data directory. */
  readonly dataDir: string;
  /** A fresh page (own context) on a playground route, e.g. `plaintext` or `matrix`. */
  open(route: string, options?: OpenOptions): Promise<Page>;
}

/**
 * Sets up one browser test file: a lab server and a browser for the whole file, a fresh page
 * per test, and a failed test for any console error or CSP violation on that page.
 * Call it at the top level of the file, where vitest collects hooks.
 */
export function useLabBrowser(): LabBrowser {
  let lab: LabServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    [lab, browser] = await Promise.all([startLabServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
    expect(errors).toEqual([]);
  });

  return {
    get url() {
      if (lab === undefined) throw new Error('the lab server is not running yet');
      return lab.url;
    },
    get dataDir() {
      if (lab === undefined) throw new Error('the lab server is not running yet');
      return lab.dataDir;
    },
    async open(route, options) {
      if (lab === undefined || browser === undefined) throw new Error('open() runs inside a test');
      errors = [];
      page = await openPage(browser, errors, options);
      await page.goto(`${lab.url}/#/${route}`);
      return page;
    },
  };
}
