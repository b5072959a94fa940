import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_IDS } from '@authlab/contract';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, startFuzzServer, type FuzzServer } from './harness.ts';
import { STAGE_ROUTES, count, fuzzAgainst, stageRoute } from './routes.ts';

/**
 * The stage routes that read a JSON body — register, login and refresh — on every stage that has
 * them, each with FUZZ_RUNS generated requests: malformed, truncated, deeply nested, oversized,
 * mis-typed, with `__proto__` keys, duplicate keys and hostile unicode.
 */
const BODY_ROUTES = ['register', 'login', 'refresh'];

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server.close());

describe.each(STAGE_IDS)('stage %s', (stage) => {
  const routes = STAGE_ROUTES[stage].filter((route) => BODY_ROUTES.includes(route));
  it.each(routes)(
    `survives ${FUZZ_RUNS} hostile requests to %s without a 5xx, a leak or a stray write`,
    async (route) => {
      const credentials = await server.prepareStage(stage);
      const statuses = await fuzzAgainst(server, stageRoute(stage, route, credentials));
      expect(count(statuses, 400, 499)).toBeGreaterThan(FUZZ_RUNS / 2);
      // Stage 4 has no login; everywhere else some generated requests are valid and must succeed.
      if (!(stage === 'basic' && route === 'login')) expect(count(statuses, 200, 299)).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});
