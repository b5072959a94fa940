import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readApiDescription, type CheckReportFile } from '@authlab/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOwnApi, markdownReport, readExpectedVerdicts, requestBudget } from './own-api.ts';
import { CHECKS } from './registry.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'authlab-own-api-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('requestBudget', () => {
  it('is the sum of the budgets each check declares, so the number said up front is the cap', () => {
    expect(requestBudget()).toBe(CHECKS.reduce((sum, check) => sum + check.budget, 0));
    expect(requestBudget(['generic-login-error'])).toBe(CHECKS.find((check) => check.id === 'generic-login-error')?.budget);
  });
});

describe('readExpectedVerdicts', () => {
  it('reads check id → verdict, and refuses an unknown check or verdict by name', async () => {
    await writeFile(path.join(dir, 'good.json'), JSON.stringify({ 'slow-hash': 'pass', 'cookie-flags': 'n/a' }));
    expect(await readExpectedVerdicts('good.json', dir)).toEqual({ 'slow-hash': 'pass', 'cookie-flags': 'n/a' });
    await writeFile(path.join(dir, 'typo.json'), JSON.stringify({ 'slow-hashes': 'pass' }));
    await expect(readExpectedVerdicts('typo.json', dir)).rejects.toThrow(/slow-hashes/);
    await writeFile(path.join(dir, 'verdict.json'), JSON.stringify({ 'slow-hash': 'passed' }));
    await expect(readExpectedVerdicts('verdict.json', dir)).rejects.toThrow(/slow-hash/);
    await writeFile(path.join(dir, 'broken.json'), '{');
    await expect(readExpectedVerdicts('broken.json', dir)).rejects.toThrow(/not JSON/);
  });
});

describe('markdownReport', () => {
  const report: CheckReportFile = {
    format: 'authlab-check-report',
    version: 1,
    target: { name: 'My API', url: 'http://127.0.0.1:8080' },
    startedAt: '2026-12-03T10:00:00.000Z',
    waitedSeconds: 61,
    results: [
      {
        id: 'generic-login-error',
        title: 'Unknown user and wrong password look the same',
        hint: 'One status, one message.',
        status: 'fail',
        expected: 'pass',
        requests: 3,
        evidence: {
          explanation: 'An unknown user got 404 | a wrong password got 401.',
          exchanges: [{ request: { method: 'POST', path: '/login', headers: {} }, response: { status: 404, headers: {}, body: { error: 'Unknown user' } }, durationMs: 3 }],
        },
      },
    ],
  };

  it('is one table an instructor can read, with the evidence and the hint for each failure', () => {
    const markdown = markdownReport(report);
    expect(markdown).toContain('# AuthLab practice checks: My API');
    expect(markdown).toContain('0 pass, 1 fail, 0 n/a · 3 requests · 61 s waiting out 429s');
    expect(markdown).toContain('| generic-login-error | fail | pass ✗ | 3 | An unknown user got 404 \\| a wrong password got 401. |');
    expect(markdown).toContain('Hint: One status, one message.');
    expect(markdown).toContain('\n    POST /login → 404 {"error":"Unknown user"}');
    expect(markdown).not.toContain('```');
  });
});

describe('checkOwnApi', () => {
  it('stops before the first check, with one clear reason, when nothing answers at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const read = readApiDescription('{"version":1,"register":{"path":"/r","body":{"u":"{username}","p":"{password}"}},"protected":{"path":"/me","send":{"basic":true}}}');
    if (!read.ok) throw new Error(read.problems.join('; '));
    const run = checkOwnApi({
      url: `http://127.0.0.1:${port}`,
      description: read.description,
      descriptionDir: dir,
      allowCommand: false,
      onResult: () => expect.fail('no check may run'),
    });
    await expect(run).rejects.toThrow(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED): start your API first, or fix --url`);
  });
});
