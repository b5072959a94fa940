import { encodeBasicAuthorization } from '@authlab/contract';
import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import { load, percentile, probeLatency, type BenchServer } from './load.ts';

/**
 * Each figure is a ratio of two measurements taken in the same run, one right after the other,
 * so that what the machine is doing elsewhere cancels out instead of showing up as a result.
 */
export interface Figure {
  label: string;
  measured: string;
  baseline: string;
  ratio: number;
  target?: { comparison: '>=' | '<='; value: number };
  note?: string;
}

export interface Plan {
  /** Seconds of load behind each figure, split between the subject and its baseline. */
  secondsPerFigure: number;
  /** Subject and baseline alternate this many times, so slow drift hits both alike. */
  rounds: number;
  bcryptCost: number;
}

export const PASSWORD = 'violet-kettle-harbor-42';
const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Alternates two measurements `rounds` times and returns the mean of each. */
async function alternate(plan: Plan, subject: (seconds: number) => Promise<number>, baseline: (seconds: number) => Promise<number>): Promise<[number, number]> {
  const seconds = Math.max(0.5, plan.secondsPerFigure / (2 * plan.rounds));
  let [subjectSum, baselineSum] = [0, 0];
  for (let round = 0; round < plan.rounds; round += 1) {
    baselineSum += await baseline(seconds);
    subjectSum += await subject(seconds);
  }
  return [subjectSum / plan.rounds, baselineSum / plan.rounds];
}

/** Successful logins per second on each bcrypt stage, against a route that only runs one bcrypt.compare. */
export async function loginThroughput(server: BenchServer, plan: Plan): Promise<Figure[]> {
  const body = { username: 'alice', password: PASSWORD };
  const rps = (path: string) => async (seconds: number) => (await load({ url: server.url, path, method: 'POST', body, connections: 8, durationSeconds: seconds })).rps;
  const figures: Figure[] = [];
  for (const [stage, title] of [
    ['bcrypt', 'Stage 3'],
    ['jwt', 'Stage 5'],
    ['lockout', 'Stage 6'],
  ] as const) {
    const [login, compare] = await alternate(plan, rps(`/api/stages/${stage}/login`), rps('/bench/compare'));
    figures.push({
      label: `${title} login rps (cost ${plan.bcryptCost}, 8 clients)`,
      measured: `${fmt(login, 1)} rps`,
      baseline: `one bcrypt.compare route: ${fmt(compare, 1)} rps`,
      ratio: login / compare,
      target: { comparison: '>=', value: 0.85 },
    });
  }
  return figures;
}

/**
 * /api/health p99 while 50 clients flood a login with wrong passwords, against the same server
 * idle, and against the foil: the same flood on a route that calls bcrypt.compareSync.
 */
export async function healthUnderFlood(server: BenchServer, plan: Plan): Promise<Figure[]> {
  const seconds = Math.max(0.5, plan.secondsPerFigure / 2);
  const probe = (): Promise<number[]> => probeLatency(server.url, '/api/health', { durationSeconds: seconds, intervalMs: 10 });
  const during = async (path: string): Promise<number[]> => {
    const flood = load({ url: server.url, path, method: 'POST', body: { username: 'alice', password: 'wrong-guess-123' }, connections: 50, durationSeconds: seconds + 0.5 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // let the flood fill the queue first
    const latencies = await probe();
    await flood;
    return latencies;
  };
  const idle = percentile(await probe(), 0.99);
  const flooded = percentile(await during('/api/stages/bcrypt/login'), 0.99);
  const foiled = percentile(await during('/bench/compare-sync'), 0.99);
  return [
    {
      label: '/api/health p99 during a 50-client login flood',
      measured: `${fmt(flooded, 2)} ms`,
      baseline: `same server idle: ${fmt(idle, 2)} ms`,
      ratio: flooded / idle,
      target: { comparison: '<=', value: 5 },
    },
    {
      label: '/api/health p99 with the compareSync foil, over the real flood',
      measured: `${fmt(foiled, 1)} ms`,
      baseline: `real (async) flood: ${fmt(flooded, 2)} ms`,
      ratio: foiled / flooded,
      target: { comparison: '>=', value: 50 },
      note: 'the foil blocks the event loop for a whole compare per request; the stages never do',
    },
  ];
}

/** A login flood that stage 6's limiter rejects, against a bare Express route parsing the same body. */
export async function rateLimitedFlood(server: BenchServer, plan: Plan): Promise<Figure[]> {
  const body = { username: 'mallory', password: 'guess-123456' };
  const statuses: Record<string, number> = {};
  let [compares, cpuLimited, cpuBare, requestsLimited, requestsBare] = [0, 0, 0, 0, 0];
  const measure = (path: string, limited: boolean) => async (seconds: number) => {
    // Use up the window's allowance first (each allowed attempt pays a compare), so the flood
    // measures the limiter and nothing else.
    if (limited) while ((await server.post(path, body)).status !== 429);
    const before = await server.stats();
    const result = await load({ url: server.url, path, method: 'POST', body, connections: 16, durationSeconds: seconds });
    const after = await server.stats();
    if (limited) {
      for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
      compares += after.compares - before.compares;
      [cpuLimited, requestsLimited] = [cpuLimited + after.cpuMs - before.cpuMs, requestsLimited + result.completed];
    } else {
      [cpuBare, requestsBare] = [cpuBare + after.cpuMs - before.cpuMs, requestsBare + result.completed];
    }
    return result.rps;
  };
  const [limitedRps, bareRps] = await alternate(plan, measure('/api/stages/lockout/login', true), measure('/bench/echo', false));
  const rejected = statuses['429'] ?? 0;
  // Normally none: only if a new window opened mid-flood. Each of those did exactly one compare.
  const allowed = Object.entries(statuses).reduce((sum, [status, count]) => sum + (status === '429' ? 0 : count), 0);
  const cpuRatio = cpuLimited / requestsLimited / (cpuBare / requestsBare);
  return [
    {
      label: 'Stage 6 login flood answered 429, rps (16 clients)',
      measured: `${fmt(limitedRps)} rps (${fmt(rejected)} × 429, ${fmt(allowed)} let through)`,
      baseline: `bare Express JSON POST: ${fmt(bareRps)} rps`,
      ratio: limitedRps / bareRps,
      target: { comparison: '>=', value: 0.85 },
      note: `server CPU per request ${fmt((1000 * cpuLimited) / requestsLimited)} µs vs ${fmt((1000 * cpuBare) / requestsBare)} µs bare (× ${fmt(cpuRatio, 2)})`,
    },
    {
      label: 'bcrypt compares per rejected (429) login',
      measured: `${fmt(compares - allowed)} compares${allowed === 0 ? '' : ` beyond the ${fmt(allowed)} let through`}`,
      baseline: `${fmt(rejected)} rejected requests`,
      ratio: rejected === 0 ? NaN : (compares - allowed) / rejected,
      target: { comparison: '<=', value: 0 },
    },
  ];
}

/** /records behind a JWT and behind Basic, against a bare Express route sending the same JSON. */
export async function recordsThroughput(server: BenchServer, plan: Plan): Promise<Figure[]> {
  const login = await server.post('/api/stages/jwt/login', { username: 'alice', password: PASSWORD });
  const bearer = `Bearer ${String(login.body.token)}`;
  const basic = encodeBasicAuthorization('alice', PASSWORD);
  const rps = (path: string, authorization?: string) => async (seconds: number) =>
    (await load({ url: server.url, path, connections: 16, durationSeconds: seconds, ...(authorization ? { headers: { authorization } } : {}) })).rps;
  const [jwt, bare] = await alternate(plan, rps('/api/stages/jwt/records', bearer), rps('/bench/json'));
  const [basicRps, jwtAgain] = await alternate(plan, rps('/api/stages/basic/records', basic), rps('/api/stages/jwt/records', bearer));
  return [
    {
      label: 'JWT /records rps (stage 5, 16 clients)',
      measured: `${fmt(jwt)} rps`,
      baseline: `bare Express, same JSON: ${fmt(bare)} rps`,
      ratio: jwt / bare,
      target: { comparison: '>=', value: 0.85 },
    },
    {
      label: 'Basic /records rps (stage 4, 16 clients)',
      measured: `${fmt(basicRps, 1)} rps`,
      baseline: `JWT /records: ${fmt(jwtAgain)} rps`,
      ratio: basicRps / jwtAgain,
      note: `Basic pays a bcrypt compare (cost ${plan.bcryptCost}) on every request`,
    },
  ];
}

/** How fast one core guesses passwords against each stored form: the crack-speed lesson. */
export async function crackSpeed(plan: Plan): Promise<Figure[]> {
  const seconds = Math.max(0.25, plan.secondsPerFigure / 4);
  const perSecond = (guess: (index: number) => void): number => {
    const start = performance.now();
    let guesses = 0;
    while (performance.now() - start < seconds * 1000) guess(guesses++);
    return guesses / ((performance.now() - start) / 1000);
  };
  const digest = createHash('sha256').update(PASSWORD).digest('hex');
  const stored = bcrypt.hashSync(PASSWORD, plan.bcryptCost);
  const sha = perSecond((index) => void (createHash('sha256').update(`guess-${index}`).digest('hex') === digest));
  const slow = perSecond((index) => void bcrypt.compareSync(`guess-${index}`, stored));
  return [
    {
      label: 'SHA-256 vs bcrypt guesses per second (one core)',
      measured: `SHA-256: ${fmt(sha)} guesses/s`,
      baseline: `bcrypt cost ${plan.bcryptCost}: ${fmt(slow, 1)} guesses/s`,
      ratio: sha / slow,
      note: 'how many times faster an attacker with the stage 2 dump guesses than with the stage 3 dump',
    },
  ];
}
