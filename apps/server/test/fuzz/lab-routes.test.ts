import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_IDS, type StageId } from '@authlab/contract';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, startFuzzServer, type FuzzServer, type StageCredentials } from './harness.ts';
import { SHARED_ROUTES, count, fuzzAgainst, serverRoutes, sharedRoute } from './routes.ts';

/**
 * The lab plumbing every stage shares (the breach dump, reset, the demo clock, the stage's own
 * description), each over all six stages, and the routes outside any stage: health, the stage
 * list, unknown stages and unknown paths.
 */
let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server.close());

describe('routes every stage shares', () => {
  it.each(SHARED_ROUTES)(
    `survive ${FUZZ_RUNS} hostile requests to %s on random stages`,
    async (route) => {
      const credentials = {} as Record<StageId, StageCredentials>;
      for (const stage of STAGE_IDS) credentials[stage] = await server.prepareStage(stage);
      const statuses = await fuzzAgainst(server, sharedRoute(route, credentials));
      expect(count(statuses, 200, 299)).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('routes outside the stages', () => {
  it.each(serverRoutes().map((fuzz) => [fuzz.name, fuzz] as const))(
    `survive ${FUZZ_RUNS} hostile requests to %s`,
    async (_name, fuzz) => {
      const statuses = await fuzzAgainst(server, fuzz);
      expect(count(statuses, 400, 499) + count(statuses, 200, 299)).toBe(FUZZ_RUNS + fuzz.examples.length);
    },
    FUZZ_TIMEOUT_MS,
  );
});
