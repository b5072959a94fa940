import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from '../helpers.ts';
import { startLiveServer, type LiveServer } from './live-server.ts';
import { mannWhitneyZ, median } from './statistics.ts';

/**
 * Whether a login attempt's response time tells an attacker that a username exists. bcrypt runs
 * at cost 10, the lowest production cost, so a compare is tens of milliseconds and any
 * difference is far above the noise; the limiter and the lockout are raised so every one of
 * the attempts reaches the password check. Samples alternate between the two kinds of attempt
 * so a burst of load elsewhere on the machine hits both alike.
 */
const SAMPLES = 30;
const RAISED = {
  bcryptCost: 10,
  rateLimit: { limit: 10_000, windowSeconds: 60 },
  lockout: { maxFailures: 10_000, windowSeconds: 900, lockSeconds: 300, maxLockSeconds: 300 },
};

let live: LiveServer;
beforeAll(async () => {
  live = await startLiveServer({ settings: RAISED });
});
afterAll(() => live.close());

interface Timings {
  unknownUser: number[];
  wrongPassword: number[];
}

async function timeLogins(stage: string): Promise<Timings> {
  expect((await live.post(`/api/stages/${stage}/register`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(201);
  const attempt = async (username: string): Promise<number> => {
    const started = performance.now();
    const response = await live.post(`/api/stages/${stage}/login`, { username, password: 'not-the-password-1' });
    const elapsedMs = performance.now() - started;
    expect(response.status).toBe(401);
    return elapsedMs;
  };
  // Warm up: the first unknown name on stage 6 also pays for creating the dummy hash.
  for (let round = 0; round < 3; round += 1) {
    await attempt('ghost');
    await attempt('alice');
  }
  const timings: Timings = { unknownUser: [], wrongPassword: [] };
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    const pair: [keyof Timings, string][] = [
      ['unknownUser', `ghost-${sample}`],
      ['wrongPassword', 'alice'],
    ];
    for (const [kind, username] of sample % 2 === 0 ? pair : pair.reverse()) timings[kind].push(await attempt(username));
  }
  return timings;
}

const describeTimings = (t: Timings): string =>
  `median unknown user ${median(t.unknownUser).toFixed(1)} ms, wrong password ${median(t.wrongPassword).toFixed(1)} ms, ` +
  `Mann-Whitney z = ${mannWhitneyZ(t.wrongPassword, t.unknownUser).toFixed(2)}`;

describe('POST /login response time', () => {
  it(`is the same for an unknown user and a wrong password on stage 6 (${SAMPLES} samples each)`, async () => {
    const timings = await timeLogins('lockout');
    const z = mannWhitneyZ(timings.wrongPassword, timings.unknownUser);
    const ratio = median(timings.wrongPassword) / median(timings.unknownUser);
    // Indistinguishable: no rank difference at p < 0.0001, and medians within a third of each other.
    expect(Math.abs(z), describeTimings(timings)).toBeLessThan(3.9);
    expect(ratio, describeTimings(timings)).toBeGreaterThan(0.75);
    expect(ratio, describeTimings(timings)).toBeLessThan(1.33);
  }, 60_000);

  it(`tells an unknown user apart from a wrong password on stage 3 (${SAMPLES} samples each)`, async () => {
    const timings = await timeLogins('bcrypt');
    // Every wrong password pays for a bcrypt compare; an unknown name answers at once.
    expect(mannWhitneyZ(timings.wrongPassword, timings.unknownUser), describeTimings(timings)).toBeGreaterThan(5);
    expect(median(timings.wrongPassword) / median(timings.unknownUser), describeTimings(timings)).toBeGreaterThan(5);
  }, 60_000);
});
