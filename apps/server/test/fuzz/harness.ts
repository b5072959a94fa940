import { type StageId } from '@authlab/contract';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { createHTTPServer } from '../../src/http-server.ts';
import type { StageSettings } from '../../src/stage.ts';
import { GOOD_PASSWORD, basicHeader, createTestApp, type TestApp } from '../helpers.ts';
import { createWireClient, type WireRequest, type WireResponse } from './wire.ts';

/**
 * The fuzz suite drives a real `createHTTPServer` on an ephemeral loopback port, so Node's own
 * HTTP parser (header limits, malformed requests) is part of what is fuzzed, and the server runs
 * in this process, so a polluted `Object.prototype` would be visible here.
 */

/** What one generated request looks like on the wire. */
export type FuzzRequest = WireRequest;
export type FuzzResponse = WireResponse;

export interface FuzzServer {
  lab: TestApp;
  send(request: FuzzRequest): Promise<FuzzResponse>;
  /** Resets a stage and signs a known user in, so generated requests can also succeed. */
  prepareStage(stage: StageId): Promise<StageCredentials>;
  close(): Promise<void>;
}

/** A known account on one stage, and live tokens for it. */
export interface StageCredentials {
  username: string;
  password: string;
  /** The Authorization header `/records` accepts on this stage. */
  authorization: string;
  refreshToken?: string;
}

/**
 * Login attempts per window on stage 6: high enough that most generated logins reach the
 * handler, low enough that the tail of a 1,000-case run meets the 429 path too.
 */
const FUZZ_RATE_LIMIT = { limit: 600, windowSeconds: 60 };

export async function startFuzzServer(settings: Partial<StageSettings> = {}): Promise<FuzzServer> {
  const lab = createTestApp({ settings: { rateLimit: FUZZ_RATE_LIMIT, ...settings } });
  const server = createHTTPServer(lab.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createWireClient((server.address() as AddressInfo).port);

  async function prepareStage(stage: StageId): Promise<StageCredentials> {
    const username = 'alice';
    const password = GOOD_PASSWORD;
    await request(lab.app).post(`/api/stages/${stage}/reset`).expect(204);
    await request(lab.app).post(`/api/stages/${stage}/register`).send({ username, password }).expect(201);
    if (stage === 'basic') return { username, password, authorization: basicHeader(username, password) };
    const { body } = await request(lab.app).post(`/api/stages/${stage}/login`).send({ username, password }).expect(200);
    return { username, password, authorization: `Bearer ${body.token as string}`, refreshToken: body.refreshToken };
  }

  return {
    lab,
    send: (fuzz) => client.send(fuzz),
    prepareStage,
    async close() {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lab.close();
    },
  };
}

/** A stable 32-bit hash, so every route gets its own fixed seed derived from one base seed. */
function hashName(name: string): number {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_261_106);
/** At least 1,000 generated requests per route in CI; `FUZZ_RUNS=20000 npx vitest run test/fuzz` for more. */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1000));
/** Per route: a thousand requests take a few seconds; allow for a slow machine and for FUZZ_RUNS. */
export const FUZZ_TIMEOUT_MS = Math.max(180_000, FUZZ_RUNS * 180);

/**
 * Runs one route's property with its fixed seed, printed so a failure can be replayed with
 * `FUZZ_SEED=<base>`; fast-check also prints the seed and path of a counterexample.
 */
export async function fuzzRoute<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, examples: T[] = []): Promise<void> {
  const seed = (BASE_SEED ^ hashName(name)) | 0;
  console.log(`[fuzz] ${name}: seed=${seed} numRuns=${FUZZ_RUNS} generated + ${examples.length} regression examples (FUZZ_SEED=${BASE_SEED})`);
  try {
    await fc.assert(fc.asyncProperty(arbitrary, check), { seed, numRuns: FUZZ_RUNS + examples.length, examples: examples.map((example) => [example]), endOnFailure: true });
  } catch (error) {
    // A counterexample may hold a 16 KB header; keep the report readable.
    const cause = error instanceof Error && error.cause instanceof Error ? `\nCaused by: ${error.cause.message}` : '';
    // eslint-disable-next-line preserve-caught-error -- attached, the cause would print the whole counterexample again
    throw new Error(`${String(error instanceof Error ? error.message : error).slice(0, 2000)}${cause.slice(0, 2000)}`);
  }
}
