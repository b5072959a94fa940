import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckReportFile } from '@authlab/contract';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { screenshot, useLabBrowser } from './browser.ts';

const lab = useLabBrowser();

/**
 * A learner's first login API, mistakes included, like examples/flask-mistakes: passwords kept
 * as typed, an error that says which half was wrong, tokens that never expire, no limits.
 */
function startLoginAPI(): Promise<{ server: Server; url: string }> {
  const users = new Map<string, string>();
  const tokens = new Map<string, string>();
  const answer = (res: ServerResponse, status: number, body: object): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = ((): { username?: unknown; password?: unknown } => {
        try {
          return JSON.parse(text) as { username?: unknown; password?: unknown };
        } catch {
          return {};
        }
      })();
      const { username, password } = body;
      if (req.method === 'POST' && (req.url === '/register' || req.url === '/login')) {
        if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '')
          return answer(res, 400, { error: 'username and password required' });
        if (req.url === '/register') {
          if (users.has(username)) return answer(res, 409, { error: 'Username taken' });
          users.set(username, password);
          return answer(res, 201, { username });
        }
        if (!users.has(username)) return answer(res, 401, { error: 'Unknown user' });
        if (users.get(username) !== password) return answer(res, 401, { error: 'Wrong password' });
        const token = randomBytes(16).toString('hex');
        tokens.set(token, username);
        return answer(res, 200, { token });
      }
      if (req.method === 'GET' && req.url === '/me') {
        const user = tokens.get(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
        return user === undefined ? answer(res, 401, { error: 'Not signed in' }) : answer(res, 200, { username: user });
      }
      answer(res, 404, { error: 'Not found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const DESCRIPTION = `version: 1
name: Test login API
register:
  path: /register
  body: { username: '{username}', password: '{password}' }
  success: 201
login:
  path: /login
  body: { username: '{username}', password: '{password}' }
  token: { json: token }
protected:
  path: /me
  send: { header: Authorization, value: 'Bearer {token}' }
storage:
  command: echo "this page never runs it"
`;

let api: { server: Server; url: string };
let reportDir: string;
beforeAll(async () => {
  api = await startLoginAPI();
  reportDir = mkdtempSync(path.join(tmpdir(), 'authlab-report-'));
});
afterAll(async () => {
  rmSync(reportDir, { recursive: true, force: true });
  await new Promise<void>((resolve) => api.server.close(() => resolve()));
});

async function describeAPI(page: Page, description: string, url: string): Promise<void> {
  await page.getByLabel('API description (YAML or JSON)').fill(description);
  await page.getByLabel('Where your API listens (this machine only)').fill(url);
}

function row(page: Page, id: string): ReturnType<Page['locator']> {
  return page.locator(`[data-testid="check-row"][data-check-id="${id}"]`).first();
}

describe('the Your API page', () => {
  it("runs the checks against the learner's API through the lab, with each verdict, its evidence and the CLI hint for storage", async () => {
    const page = await lab.open('your-api', { bypassCSP: true });
    await page.getByRole('heading', { level: 1, name: 'Your API' }).waitFor();
    await describeAPI(page, DESCRIPTION, api.url);
    await expect.poll(() => page.getByTestId('description-summary').textContent()).toContain('protected GET /me with Authorization: Bearer {token}');

    const started = Date.now();
    await page.getByTestId('run-own-checks').click();
    await expect.poll(() => page.getByTestId('own-run-summary').textContent(), { timeout: 150_000, interval: 500 }).toMatch(/^Checked /);
    const counts = await page.locator('.check-requests').allTextContents();
    const requests = counts.reduce((sum, text) => sum + Number.parseInt(text, 10), 0);
    console.log(`16 checks through the lab's relay: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(await page.getByTestId('own-run-summary').textContent()).toMatch(/\d+ pass · \d+ fail · \d+ n\/a/);

    expect(await row(page, 'generic-login-error').getAttribute('data-status')).toBe('fail');
    expect(await row(page, 'credentials-not-resent').getAttribute('data-status')).toBe('pass');
    for (const id of ['no-plaintext-storage', 'salted-hash', 'slow-hash']) {
      expect(await row(page, id).getAttribute('data-status'), id).toBe('n/a');
      expect(await row(page, id).getByTestId('storage-cli-note').textContent(), id).toContain('--allow-command');
    }
    expect(await row(page, 'generic-login-error').locator('.check-requests').textContent()).toMatch(/^\d+ requests? sent$/);
    // The same evidence rows as a stage's checks: the requests behind the verdict, opened.
    await row(page, 'generic-login-error').locator('details.evidence summary').click();
    expect(await row(page, 'generic-login-error').locator('.exchanges').textContent()).toContain('Wrong password');
    await screenshot(page, 'your-api-run');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('refuses a URL that is not on this machine before anything is sent', async () => {
    const page = await lab.open('your-api');
    await describeAPI(page, DESCRIPTION, 'http://127.0.0.1.nip.io:8080');
    await expect.poll(() => page.getByTestId('api-url-status').textContent()).toMatch(/^Refused: 127\.0\.0\.1\.nip\.io is not this machine/);
    expect(await page.getByTestId('run-own-checks').getAttribute('aria-disabled')).toBe('true');
  });

  it('says so at once when nothing listens at the URL, instead of failing every check', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const page = await lab.open('your-api');
    await describeAPI(page, DESCRIPTION, url);
    await page.getByTestId('run-own-checks').click();
    await expect
      .poll(() => page.getByTestId('own-run-summary').textContent())
      .toBe(`The checks could not run. Nothing usable came back from ${url}: is your API running there, and did it answer within 15 s and 64 KB?`);
    expect(await page.locator('[data-testid="check-row"]').count()).toBe(0);
  });

  it('lists every problem of a broken description with where it is, and keeps the draft across a reload', async () => {
    const page = await lab.open('your-api', { bypassCSP: true });
    await describeAPI(page, 'version: 2\nregister: { path: register }\n', 'http://localhost:8080');
    const problems = page.getByTestId('description-problems');
    await expect.poll(() => problems.textContent()).toContain('version:');
    const text = await problems.textContent();
    expect(text).toContain('register.path:');
    expect(text).toContain('protected:');
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your API' }).waitFor();
    expect(await page.getByLabel('API description (YAML or JSON)').inputValue()).toBe('version: 2\nregister: { path: register }\n');
    expect(await page.getByLabel('Where your API listens (this machine only)').inputValue()).toBe('http://localhost:8080');
  });

  it('shows an imported CLI report with the same rows, and says what is wrong with another file', async () => {
    const report: CheckReportFile = {
      format: 'authlab-check-report',
      version: 1,
      target: { name: 'Flask mistakes', url: 'http://127.0.0.1:8081' },
      startedAt: '2026-12-03T09:30:00.000Z',
      waitedSeconds: 0,
      results: [
        {
          id: 'slow-hash',
          title: 'Passwords are hashed slowly',
          hint: 'Use bcrypt with cost 10 or more.',
          status: 'fail',
          requests: 1,
          evidence: { explanation: 'Stored as bcrypt with cost 4.', exchanges: [], measurements: { cost: 4 } },
        },
      ],
    };
    const good = path.join(reportDir, 'report.json');
    const wrong = path.join(reportDir, 'api.json');
    writeFileSync(good, JSON.stringify(report));
    writeFileSync(wrong, JSON.stringify({ version: 1 }));
    const page = await lab.open('your-api', { bypassCSP: true });
    const input = page.getByLabel('Check report (JSON)');

    await input.setInputFiles(wrong);
    await expect.poll(() => page.getByTestId('report-problems').textContent()).toContain('not an AuthLab check report');

    await input.setInputFiles(good);
    const imported = page.getByTestId('imported-report');
    await expect.poll(() => imported.textContent()).toContain('Imported from the CLI, run at 2026-12-03T09:30:00.000Z against Flask mistakes at http://127.0.0.1:8081');
    expect(await row(page, 'slow-hash').getAttribute('data-status')).toBe('fail');
    expect(await row(page, 'slow-hash').textContent()).toContain('Use bcrypt with cost 10 or more.');
    expect(await page.getByTestId('report-problems').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('fits a 390 px wide phone without scrolling sideways', async () => {
    const page = await lab.open('your-api', { viewport: { width: 390, height: 844 } });
    await describeAPI(page, DESCRIPTION, api.url);
    await page.getByTestId('description-summary').waitFor();
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(page, 'your-api-phone');
  });
});
