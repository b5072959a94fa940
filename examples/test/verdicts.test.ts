import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkOwnApi } from '@authlab/checks/own-api';
import { CHECK_IDS, checkReportFileSchema, expectedVerdictsSchema, type CheckReportFile } from '@authlab/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { startPythonApp, type PythonApp } from './python-app.ts';
import { readExampleDescription, type ApiDescription } from './walk.ts';

/**
 * Every practice check against each example, started for real, through its own api.yaml, as
 * `npm run check -- --url … --api api.yaml --allow-command --expect expected.json` runs them: the
 * challenge must pass each check that applies to it, the mistakes app fail each one whose
 * mistake it makes. The verdict tables (with the requests each check sent) are printed for the
 * record.
 */

const EXAMPLES = path.join(import.meta.dirname, '..');

async function expectedVerdicts(example: string) {
  return expectedVerdictsSchema.parse(JSON.parse(await readFile(path.join(EXAMPLES, example, 'expected.json'), 'utf8')));
}

async function description(example: string): Promise<ApiDescription> {
  const read = await readExampleDescription(example);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.description;
}

function table(report: CheckReportFile): string {
  const rows = report.results.map((result) => `${result.id.padEnd(24)} ${result.status.padEnd(5)} ${String(result.requests).padStart(4)}  ${result.evidence.explanation}`);
  const total = report.results.reduce((sum, result) => sum + result.requests, 0);
  return [`${report.target.name}: ${total} requests, ${report.waitedSeconds} s waiting out 429s`, ...rows].join('\n');
}

async function runAll(app: PythonApp, example: string, described: ApiDescription): Promise<CheckReportFile> {
  const expected = await expectedVerdicts(example);
  const report = await checkOwnApi({
    url: app.url,
    description: described,
    descriptionDir: path.join(EXAMPLES, example),
    allowCommand: true,
    commandEnv: { ...process.env, DATA_DIR: app.dataDir },
    expected,
  });
  console.info(table(report));
  // What --json prints is what the playground imports: it must read back as a report.
  expect(checkReportFileSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  return report;
}

const apps: PythonApp[] = [];
afterAll(() => Promise.all(apps.map((app) => app.stop())));

describe('the practice checks against examples/flask-challenge', () => {
  it('pass every check that applies, and say why the cookie checks do not', { timeout: 300_000 }, async () => {
    // A 5-second login rate window instead of a minute: the checks wait out each 429 in seconds.
    const app = await startPythonApp('flask-challenge', { BCRYPT_COST: '10', LOGIN_RATE_WINDOW_SECONDS: '5' });
    apps.push(app);
    const described = await description('flask-challenge');
    const report = await runAll(app, 'flask-challenge', { ...described, known: { ...described.known, rateLimit: { limit: 10, windowSeconds: 5 } } });
    expect(report.results.map((result) => result.id)).toEqual([...CHECK_IDS]);
    for (const result of report.results) expect(result.status, `${result.id}: ${result.evidence.explanation}`).toBe(result.expected);
    for (const id of ['cookie-flags', 'csrf-protected'] as const) {
      expect(report.results.find((result) => result.id === id)?.evidence.explanation).toMatch(/not in a cookie/);
    }
    // Rate-limited, and the checks waited rather than hammered.
    expect(report.waitedSeconds).toBeGreaterThan(0);
  });
});

describe('the practice checks against examples/flask-mistakes', () => {
  it('fail each check whose mistake it makes, and pass the rest', { timeout: 120_000 }, async () => {
    const app = await startPythonApp('flask-mistakes');
    apps.push(app);
    const report = await runAll(app, 'flask-mistakes', await description('flask-mistakes'));
    for (const result of report.results) {
      // equal-timing has no expectation: at bcrypt cost 4 a wrong password takes about a millisecond
      // longer than an unknown name, under the check's noise floor, so it may go either way.
      if (result.id === 'equal-timing') continue;
      expect(result.status, `${result.id}: ${result.evidence.explanation}`).toBe(result.expected);
    }
  });
});

describe('expected.json of the two examples', () => {
  it('name every check, and differ on each mistake the mistakes app makes', async () => {
    const challenge = await expectedVerdicts('flask-challenge');
    const mistakes = await expectedVerdicts('flask-mistakes');
    expect(Object.keys(challenge).sort()).toEqual([...CHECK_IDS].sort());
    const shown = CHECK_IDS.filter((id) => challenge[id] === 'pass' && mistakes[id] === 'fail');
    expect(shown).toEqual(['slow-hash', 'no-72-byte-truncation', 'token-expires', 'generic-login-error', 'account-lockout', 'login-rate-limited', 'password-policy']);
  });
});
