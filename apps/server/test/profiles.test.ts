import type { AddressInfo } from 'node:net';
import { createStageTarget, mismatches, runChecks } from '@authlab/checks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHTTPServer } from '../src/http-server.ts';
import { STAGES } from '../src/stages/index.ts';
import { createTestApp, type TestApp } from './helpers.ts';

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
      expect(reports).toHaveLength(14);
    },
    60_000,
  );
});
