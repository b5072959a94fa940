import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_IDS } from '@authlab/contract';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, startFuzzServer, type FuzzServer } from './harness.ts';
import { STAGE_ROUTES, count, fuzzAgainst, stageRoute } from './routes.ts';

/**
 * The routes that read the Authorization header — GET /records and POST /logout — on every stage:
 * empty, wrong scheme, bad base64, two-, four- and five-part tokens, forged JWT headers
 * (`alg: none`, HS512, RS256, `jwk`, `jku`, `kid`), near-misses of a live token, and headers up
 * to and past Node's 16 KB limit.
 */
let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server.close());

describe.each(STAGE_IDS)('stage %s', (stage) => {
  const routes = STAGE_ROUTES[stage].filter((route) => route === 'records' || route === 'logout');
  it.each(routes)(
    `survives ${FUZZ_RUNS} hostile requests to %s without a 5xx, a leak or a stray write`,
    async (route) => {
      const credentials = await server.prepareStage(stage);
      const statuses = await fuzzAgainst(server, stageRoute(stage, route, credentials));
      expect(count(statuses, 401, 401)).toBeGreaterThan(FUZZ_RUNS / 4);
      // A share of requests carries the live header: /records answers them, /logout ends the session once.
      expect(count(statuses, 200, 299)).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});
