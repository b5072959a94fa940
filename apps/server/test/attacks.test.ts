import { ATTACK_IDS, type AttackId, createStageTarget } from '@authlab/contract';
import type { AddressInfo } from 'node:net';
import { getAttack, measureAllowance, type AttackProgress } from '@authlab/attacks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHTTPServer } from '../src/http-server.ts';
import { STAGES } from '../src/stages/index.ts';
import { createTestApp, type TestApp } from './helpers.ts';

/**
 * The attack lab's claims, proven: every attack runs against every stage of a live server and
 * must reach exactly the outcome the stage declares in `expectedAttacks`, where it must succeed
 * and where it must fail. Two servers keep it fast: bcrypt cost 4 where the cost does not
 * matter, cost 10 (the lowest production cost) for the attacks that are about exactly that
 * cost: timing differences, offline cracking, and guesses racing each other through a hash.
 */
const COST_SENSITIVE: ReadonlySet<AttackId> = new Set(['timing-enumeration', 'breach-crack', 'parallel-guessing']);
/** Offline bcrypt cracking burns its whole time budget by design; a shorter one still measures the rate. */
const TEST_BUDGETS: Partial<Record<AttackId, { maxDurationMs: number }>> = { 'breach-crack': { maxDurationMs: 500 } };

interface LiveLab {
  lab: TestApp;
  url: string;
  stop(): Promise<void>;
}

async function startLab(bcryptCost: number): Promise<LiveLab> {
  const lab = createTestApp({ settings: { bcryptCost } });
  const server = createHTTPServer(lab.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    lab,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let fast: LiveLab;
let realCost: LiveLab;
beforeAll(async () => {
  [fast, realCost] = await Promise.all([startLab(4), startLab(10)]);
});
afterAll(async () => {
  for (const live of [fast, realCost]) {
    await live.stop();
    live.lab.close();
  }
});

const cases = STAGES.flatMap((stage) => ATTACK_IDS.map((attack) => [attack, stage.info.id, stage.expectedAttacks[attack]] as const));

describe('every attack against every stage', () => {
  it.each(cases)('%s on %s is %s', async (attack, stage, expected) => {
    const live = COST_SENSITIVE.has(attack) ? realCost : fast;
    const budget = TEST_BUDGETS[attack];
    const result = await getAttack(attack).run(createStageTarget(live.url, stage), budget ? { budget } : {});
    expect({ status: result.status, explanation: result.explanation }).toEqual({ status: expected, explanation: expect.any(String) });
    // Budgets are there to stop runaway attacks, not to decide outcomes; only `slowed` is about running out of time.
    expect(result.stoppedBy).toBe(expected === 'slowed' ? 'budget' : 'finished');
  });
});

describe('what the playground charts', () => {
  it('measures guesses per second for SHA-256, bcrypt at the stage cost and Argon2id at OWASP parameters, in one breach-crack run', async () => {
    const result = await getAttack('breach-crack').run(createStageTarget(realCost.url, 'lockout'), { budget: { maxDurationMs: 500 } });
    const { sha256GuessesPerSecond = 0, bcryptGuessesPerSecond = 0, argon2idGuessesPerSecond = 0 } = result.measurements;
    expect(result.measurements).toMatchObject({ bcryptCost: 10, argon2idMemoryKiB: 19456, argon2idIterations: 2, argon2idParallelism: 1 });
    // The figures themselves depend on the machine and its load (npm run bench measures speed);
    // what must hold anywhere is that a fast hash gives more guesses than a slow one.
    expect(sha256GuessesPerSecond).toBeGreaterThan(bcryptGuessesPerSecond);
    expect(bcryptGuessesPerSecond).toBeGreaterThan(0);
    expect(argon2idGuessesPerSecond).toBeGreaterThan(0);
  });

  it('streams every brute-force guess as it is answered, ending with the 200 that cracked it', async () => {
    const events: AttackProgress[] = [];
    const result = await getAttack('brute-force').run(createStageTarget(fast.url, 'plaintext'), { onProgress: (event) => events.push(event) });
    const streamed = events.flatMap((event) => (event.attempt ? [event.attempt] : []));
    expect(streamed).toEqual(result.series.attempts);
    expect(streamed.map((point) => point.status)).toEqual([...Array<number>(streamed.length - 1).fill(401), 200]);
    expect(result.measurements).toMatchObject({ attempts: streamed.length, timeToCrackMs: expect.any(Number), attemptsPerSecond: expect.any(Number) });
    expect(result.findings).toEqual([{ subject: 'alice', value: 'dragon', detail: `guess ${streamed.length}` }]);
  });

  it('streams every answer of a parallel burst on lockout: five checked, the rest and the right password locked', async () => {
    const events: AttackProgress[] = [];
    const result = await getAttack('parallel-guessing').run(createStageTarget(realCost.url, 'lockout'), { onProgress: (event) => events.push(event) });
    const streamed = events.flatMap((event) => (event.attempt ? [event.attempt] : []));
    expect(streamed).toEqual(result.series.attempts);
    expect(
      streamed
        .filter((point) => point.group === 'wrong')
        .map((point) => point.status)
        .sort(),
    ).toEqual([401, 401, 401, 401, 401, 423, 423, 423, 423]);
    expect(streamed.filter((point) => point.group === 'right').map((point) => point.status)).toEqual([423]);
    expect(result.measurements).toMatchObject({ burstSize: 10, verified: 5, refusedByLock: 5, rightPasswordStatus: 423 });
  });

  it('returns raw timing samples for both distributions', async () => {
    const result = await getAttack('timing-enumeration').run(createStageTarget(realCost.url, 'bcrypt'), { budget: { maxAttempts: 8 } });
    expect(result.series.timing?.knownUserMs).toHaveLength(4);
    expect(result.series.timing?.unknownUserMs).toHaveLength(4);
    expect(Math.min(...(result.series.timing?.knownUserMs ?? []))).toBeGreaterThan(Math.max(...(result.series.timing?.unknownUserMs ?? [])));
  });

  it('stops on the stop button, mid-attack', async () => {
    const controller = new AbortController();
    const run = getAttack('brute-force').run(createStageTarget(fast.url, 'bcrypt'), {
      signal: controller.signal,
      onProgress: (event) => event.attempt?.index === 2 && controller.abort(new Error('stop')),
    });
    await expect(run).rejects.toThrow('stop');
  });
});

describe('the instructor toggle, through the attack lab', () => {
  it('turns a refused forgery into a cracked secret on jwt, and the stage expects it', async () => {
    const target = createStageTarget(fast.url, 'jwt');
    await target.setMistake('weak-jwt-secret', true);
    try {
      const result = await getAttack('forged-jwt').run(target);
      expect(result).toMatchObject({ status: 'cracked', figure: 'secret "secret"', mistakes: ['weak-jwt-secret'] });
      expect((await target.describe()).expectedAttacks?.['forged-jwt']).toBe('cracked');
    } finally {
      await target.setMistake('weak-jwt-secret', false);
    }
  });

  it('lets a whole burst of guesses be checked on lockout while check-then-count is on, at a real bcrypt cost', async () => {
    const target = createStageTarget(realCost.url, 'lockout');
    await target.setMistake('check-then-count', true);
    try {
      const result = await getAttack('parallel-guessing').run(target);
      expect(result).toMatchObject({ status: 'cracked', mistakes: ['check-then-count'], measurements: { burstSize: 10, lockoutThreshold: 5 } });
      // Every wrong guess was checked, not five; the right one got in (or, if the lock landed just
      // before it, stood out with the only 423 among 401s).
      expect(result.measurements.verified).toBeGreaterThanOrEqual(9);
      expect((await target.describe()).expectedAttacks?.['parallel-guessing']).toBe('cracked');
    } finally {
      await target.setMistake('check-then-count', false);
    }
  });

  it('lets brute force make three times the failures the lockout promises while memory-rate-limit is on, and says so', async () => {
    const target = createStageTarget(fast.url, 'lockout');
    await target.setMistake('memory-rate-limit', true);
    try {
      const result = await getAttack('brute-force').run(target);
      // Each stand-in process locks the name after its own five: fifteen in all, then 423.
      expect(result).toMatchObject({ status: 'locked-out', mistakes: ['memory-rate-limit'], measurements: { failuresBeforeCutOff: 15 } });
      expect(result.explanation).toContain('15 wrong guesses checked where the lockout promises 5: 3.0× its allowance');
      expect((await target.describe()).expectedAttacks?.['brute-force']).toBe('locked-out');
    } finally {
      await target.setMistake('memory-rate-limit', false);
    }
  });

  it('lets a whole burst of guesses be checked on lockout while memory-rate-limit is on, at a real bcrypt cost', async () => {
    const target = createStageTarget(realCost.url, 'lockout');
    await target.setMistake('memory-rate-limit', true);
    try {
      const result = await getAttack('parallel-guessing').run(target);
      // Each of the three stand-in processes sees three or four of the ten guesses: none reaches its five.
      expect(result).toMatchObject({ status: 'cracked', mistakes: ['memory-rate-limit'], measurements: { burstSize: 10, verified: 10, rightPasswordStatus: 200 } });
      expect(result.explanation).toContain('9 wrong guesses checked where the lockout promises 5: 1.8× its allowance');
      expect((await target.describe()).expectedAttacks?.['parallel-guessing']).toBe('cracked');
    } finally {
      await target.setMistake('memory-rate-limit', false);
    }
  });

  it('keeps a stolen lockout token alive for a month while skip-exp-check is on', async () => {
    const target = createStageTarget(fast.url, 'lockout');
    await target.setMistake('skip-exp-check', true);
    try {
      expect(await getAttack('token-replay').run(target)).toMatchObject({ status: 'exposed', figure: 'works +30 d' });
    } finally {
      await target.setMistake('skip-exp-check', false);
    }
  });
});

describe('every attack against lockout while memory-rate-limit is on', () => {
  it.each(ATTACK_IDS)('%s reaches what the stage expects with the mistake on', async (attack) => {
    const target = createStageTarget((COST_SENSITIVE.has(attack) ? realCost : fast).url, 'lockout');
    await target.setMistake('memory-rate-limit', true);
    try {
      const budget = TEST_BUDGETS[attack];
      const result = await getAttack(attack).run(target, budget ? { budget } : {});
      expect({ status: result.status, explanation: result.explanation }).toEqual({
        status: (await target.describe()).expectedAttacks?.[attack],
        explanation: expect.any(String),
      });
    } finally {
      await target.setMistake('memory-rate-limit', false);
    }
  });
});

describe('the allowance, measured on the spot', () => {
  it("finds exactly stage 6's own lockout and rate limit with every counter shared", async () => {
    const measurement = await measureAllowance(createStageTarget(fast.url, 'lockout'));
    expect(measurement).toMatchObject({
      mistakes: [],
      lockout: { promised: 5, checked: 5, endedBy: 423 },
      rateLimit: { promised: 10, windowSeconds: 60, answered: 10, endedBy: 429 },
    });
  });

  it('finds three times both while memory-rate-limit has three stand-in processes count their own, and leaves the mistake on', async () => {
    const target = createStageTarget(fast.url, 'lockout');
    await target.setMistake('memory-rate-limit', true);
    try {
      const measurement = await measureAllowance(target);
      expect(measurement).toMatchObject({
        mistakes: ['memory-rate-limit'],
        lockout: { promised: 5, checked: 15, endedBy: 423 },
        rateLimit: { promised: 10, answered: 30, endedBy: 429 },
      });
      expect((await target.describe()).lab.mistakes).toEqual(['memory-rate-limit']);
    } finally {
      await target.setMistake('memory-rate-limit', false);
    }
  });
});
