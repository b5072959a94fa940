import type { AddressInfo } from 'node:net';
import { getCheck, mismatches, runChecks } from '@authlab/checks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHTTPServer } from '../src/http-server.ts';
import { MISTAKE_IDS, MISTAKES } from '../src/lab-mistakes.ts';
import { DEFAULT_SETTINGS } from '../src/stage.ts';
import { STAGES } from '../src/stages/index.ts';
import { createTestApp, type TestApp } from './helpers.ts';
import type { ExpectedProfile } from '@authlab/contract';
import { createStageTarget } from '@authlab/contract';

/**
 * The guard against checks that pass by accident: every practice check runs against every
 * stage of a live server, and each verdict must equal the profile the stage declares.
 * bcrypt runs at cost 10 here (the lowest production cost), because slow-hash and equal-timing
 * are about exactly that cost; rate limits and lockouts are the production defaults.
 */
let lab: TestApp;
let serverUrl: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  lab = createTestApp({ settings: { bcryptCost: 10 } });
  const server = createHTTPServer(lab.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await stop();
  lab.close();
});

describe('practice checks against every stage', () => {
  it.each(STAGES.map((stage) => [stage.info.id, stage] as const))(
    'give exactly the expected profile on %s',
    async (_id, stage) => {
      const reports = await runChecks(createStageTarget(serverUrl, stage.info.id), { expected: stage.expectedChecks });
      const differences = mismatches(reports).map((report) => ({
        id: report.id,
        expected: report.expected,
        got: report.status,
        why: report.evidence.explanation,
      }));
      expect(differences).toEqual([]);
      expect(reports).toHaveLength(16);
    },
    60_000,
  );
});

interface Described {
  expectedChecks: ExpectedProfile;
  lab: { mistakes: string[]; availableMistakes: { id: string; checkEffects: Record<string, string> }[] };
}
const describeStage = async (stage: string): Promise<Described> => (await (await fetch(`${serverUrl}/api/stages/${stage}`)).json()) as Described;

async function switchMistake(stage: string, mistake: string): Promise<void> {
  const response = await fetch(`${serverUrl}/api/stages/${stage}/mistakes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mistake, enabled: true }),
  });
  expect(response.status).toBe(200);
}

/** Every mistake on every stage that offers it. */
const MISTAKE_CASES = STAGES.flatMap((stage) =>
  MISTAKE_IDS.filter((mistake) => MISTAKES[mistake].appliesTo(stage.policy(DEFAULT_SETTINGS))).map((mistake) => [stage.info.id, mistake, stage] as const),
);

describe('practice checks with an instructor mistake on', () => {
  it.each(MISTAKE_CASES)(
    'keep %s weakened by %s and give exactly the profile the mistake predicts',
    async (id, mistake, stage) => {
      try {
        await switchMistake(id, mistake);
        const described = await describeStage(id);
        // The published profile is the lesson's, changed exactly where the mistake says.
        expect(described.expectedChecks).toEqual({ ...stage.expectedChecks, ...MISTAKES[mistake].checkEffects });
        const reports = await runChecks(createStageTarget(serverUrl, id), { expected: described.expectedChecks });
        const differences = mismatches(reports).map((report) => ({ id: report.id, expected: report.expected, got: report.status, why: report.evidence.explanation }));
        expect(differences).toEqual([]);
        expect(reports).toHaveLength(16);
        // The checks reset the stage during the run, and the mistake is still on afterwards.
        expect((await describeStage(id)).lab.mistakes).toEqual([mistake]);
      } finally {
        await fetch(`${serverUrl}/api/stages/${id}/reset`, { method: 'POST' });
      }
    },
    60_000,
  );

  it('covers every mistake on some stage, and each one a check catches changes the profile', () => {
    expect(new Set(MISTAKE_CASES.map(([, mistake]) => mistake))).toEqual(new Set(MISTAKE_IDS));
    expect(MISTAKES['skip-exp-check'].checkEffects).toEqual({ 'token-expires': 'fail' });
    expect(MISTAKES['check-then-count'].checkEffects).toEqual({ 'account-lockout': 'fail' });
  });
});

describe('account-lockout with check-then-count switched back on', () => {
  it('fails on lockout: a burst of guesses passes the lock check before any failure is counted', async () => {
    try {
      await switchMistake('lockout', 'check-then-count');
      const { status, evidence } = await getCheck('account-lockout').run(createStageTarget(serverUrl, 'lockout'));
      expect({ status, explanation: evidence.explanation }).toEqual({ status: 'fail', explanation: expect.stringContaining('10 guesses sent at once') });
      // The sequential part still passes: only guesses in flight together slip past the lock.
      expect(evidence.explanation).toMatch(/^After 5 failures even the right password was refused/);
      expect(evidence.measurements?.verified).toBeGreaterThanOrEqual(9);
    } finally {
      // A reset switches the mistake off again for whatever runs next.
      await fetch(`${serverUrl}/api/stages/lockout/reset`, { method: 'POST' });
    }
  }, 30_000);
});

describe('account-lockout on the lockout stage', () => {
  it('proves the published window with the demo clock, not just a note that it could not', async () => {
    const { status, evidence } = await getCheck('account-lockout').run(createStageTarget(serverUrl, 'lockout'));
    const { windowSeconds } = DEFAULT_SETTINGS.lockout;
    expect(status).toBe('pass');
    expect(evidence.measurements).toMatchObject({ windowSeconds, spacedSeconds: windowSeconds - 60, staleSeconds: windowSeconds + 60 });
    expect(evidence.explanation).toContain('the right password was refused (HTTP 423); on a fresh name');
    // The check puts the stage's demo clock back when it is done.
    const described = (await (await fetch(`${serverUrl}/api/stages/lockout`)).json()) as { lab: { clockOffsetSeconds: number } };
    expect(described.lab.clockOffsetSeconds).toBe(0);
  }, 30_000);
});
