import { afterEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from '../helpers.ts';
import { createWireClient } from '../fuzz/wire.ts';
import { startLiveServer, type LiveServer } from './live-server.ts';

/**
 * Stage 6's lockout under real concurrency: a real server at bcrypt cost 10, where a compare takes
 * long enough that simultaneous guesses truly overlap. The lock must be checked and the attempt
 * counted in one step, so no burst of any size gets more than maxFailures passwords checked.
 */
const STAGE = 'lockout';
const WRONG = 'wrong-guess-123';
const MAX_FAILURES = 5;
const NO_RATE_LIMIT = { rateLimit: { limit: 1000, windowSeconds: 60 } };

let live: LiveServer;
afterEach(() => live.close());

/** One socket per request (each from its own loopback address if given), all written in the same tick. */
async function simultaneously(bodies: object[], addresses: readonly string[] = []): Promise<number[]> {
  const port = Number(new URL(live.url).port);
  const clients = bodies.map((_body, index) => createWireClient(port, addresses[index] === undefined ? {} : { localAddress: addresses[index] }));
  // Open every connection first, so only the login requests themselves remain to race.
  await Promise.all(clients.map((client) => client.send({ method: 'GET', path: '/api/health', headers: {} })));
  const responses = await Promise.all(
    clients.map((client, index) =>
      client.send({
        method: 'POST',
        path: `/api/stages/${STAGE}/login`,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(bodies[index])),
      }),
    ),
  );
  for (const client of clients) client.close();
  return responses.map((response) => response.status);
}

const count = (statuses: number[], status: number): number => statuses.filter((each) => each === status).length;
const failuresOf = (username: string): unknown => live.lab.sqlite.prepare('SELECT failures FROM lockouts WHERE stage = ? AND username = ?').pluck().get(STAGE, username);

describe('simultaneous guesses at bcrypt cost 10, through a real server', () => {
  it('checks only five of fifty simultaneous guesses at a name that does not exist, and refuses the rest', async () => {
    live = await startLiveServer({ settings: { ...NO_RATE_LIMIT, bcryptCost: 10 } });
    const statuses = await simultaneously(Array.from({ length: 50 }, () => ({ username: 'ghost', password: WRONG })));
    expect(count(statuses, 401)).toBe(MAX_FAILURES);
    expect(count(statuses, 423)).toBe(50 - MAX_FAILURES);
    expect(failuresOf('ghost')).toBe(MAX_FAILURES);
  });

  it('gives the right password inside a burst the same 423 as the wrong guesses around it', async () => {
    live = await startLiveServer({ settings: { ...NO_RATE_LIMIT, bcryptCost: 10 } });
    expect((await live.post(`/api/stages/${STAGE}/register`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(201);
    const statuses = await simultaneously([...Array.from({ length: 10 }, () => ({ username: 'alice', password: WRONG })), { username: 'alice', password: GOOD_PASSWORD }]);
    expect(count(statuses, 401)).toBe(MAX_FAILURES);
    // The answer to the right password says nothing the answers to the late wrong ones do not.
    expect(statuses[10]).toBe(423);
    expect(statuses.slice(MAX_FAILURES)).toEqual(Array.from({ length: 6 }, () => 423));
    expect((await live.post(`/api/stages/${STAGE}/login`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(423);
  });

  it('checks only five guesses when 200 different client addresses guess one name at once', async () => {
    // The default per-IP rate limit stays on: each address sends one guess, far under it.
    live = await startLiveServer({ settings: { bcryptCost: 10 } });
    expect((await live.post(`/api/stages/${STAGE}/register`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(201);
    const addresses = Array.from({ length: 200 }, (_unused, index) => `127.0.${Math.floor(index / 250) + 1}.${(index % 250) + 1}`);
    const statuses = await simultaneously(
      addresses.map(() => ({ username: 'alice', password: WRONG })),
      addresses,
    );
    expect(count(statuses, 401)).toBe(MAX_FAILURES);
    expect(count(statuses, 423)).toBe(200 - MAX_FAILURES);
  });

  it('checks most of them once an instructor brings back check-then-count, which is the race the lesson shows', async () => {
    live = await startLiveServer({ settings: { bcryptCost: 10 } });
    const toggled = await live.post(`/api/stages/${STAGE}/mistakes`, { mistake: 'check-then-count', enabled: true });
    expect(toggled.status).toBe(200);
    expect((await live.post(`/api/stages/${STAGE}/register`, { username: 'alice', password: GOOD_PASSWORD })).status).toBe(201);
    const addresses = Array.from({ length: 200 }, (_unused, index) => `127.0.${Math.floor(index / 250) + 1}.${(index % 250) + 1}`);
    const statuses = await simultaneously(
      addresses.map(() => ({ username: 'alice', password: WRONG })),
      addresses,
    );
    // Every guess that arrives while the first ones are still being hashed passes the same look.
    expect(count(statuses, 401)).toBeGreaterThan(100);
  });
});
