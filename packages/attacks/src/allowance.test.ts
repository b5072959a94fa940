import { createStageTarget, type TargetPolicy } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { measureAllowance, type AllowanceProgress } from './allowance.ts';
import { createFakeStage, type FakeLoginAttempt, type FakeStage } from './test-support/fake-stage.ts';

const POLICY: TargetPolicy = {
  authentication: 'jwt',
  accessToken: { kind: 'jwt', ttlSeconds: 900 },
  lockout: { maxFailures: 5, windowSeconds: 86_400, lockSeconds: 300 },
  rateLimit: { limit: 10, windowSeconds: 60 },
};

interface FakeProcess {
  failures: Map<string, number>;
  logins: number;
}

/**
 * Stage 6's login behind a round-robin balancer over `processes` processes, each counting in its
 * own memory: the rate limit (429) first, then the lockout (423), then a wrong password (401).
 * `locks: false` has the lockout never answer.
 */
function balancedStage(options: { processes: number; locks?: boolean; policy?: TargetPolicy }): FakeStage {
  let processes: FakeProcess[] = [];
  const forget = (): void => {
    processes = Array.from({ length: options.processes }, () => ({ failures: new Map(), logins: 0 }));
  };
  forget();
  let turn = 0;
  const answerLogin = ({ username }: FakeLoginAttempt): number => {
    const process = processes[turn++ % processes.length] as FakeProcess;
    process.logins += 1;
    if (process.logins > 10) return 429;
    const failures = process.failures.get(username) ?? 0;
    if (options.locks !== false && failures >= 5) return 423;
    process.failures.set(username, failures + 1);
    return 401;
  };
  return createFakeStage({ policy: options.policy ?? POLICY, answerLogin, onReset: forget });
}

const targetOf = (stage: FakeStage): ReturnType<typeof createStageTarget> => createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch });

describe('measureAllowance', () => {
  it('finds exactly what the policy promises on a stage answered by one process', async () => {
    const measurement = await measureAllowance(targetOf(balancedStage({ processes: 1 })));
    expect(measurement).toMatchObject({
      stage: 'fake',
      lockout: { promised: 5, checked: 5, endedBy: 423 },
      rateLimit: { promised: 10, windowSeconds: 60, answered: 10, endedBy: 429 },
      logins: 6 + 11,
    });
  });

  it('finds three times the allowance when three processes each count their own share', async () => {
    const measurement = await measureAllowance(targetOf(balancedStage({ processes: 3 })));
    expect(measurement.lockout).toEqual({ promised: 5, checked: 15, endedBy: 423 });
    expect(measurement.rateLimit).toMatchObject({ promised: 10, answered: 30, endedBy: 429 });
  });

  it('resets the stage before, between and after its probes, and keeps the instructor mistakes on', async () => {
    const stage = balancedStage({ processes: 1 });
    const target = targetOf(stage);
    await target.setMistake('memory-rate-limit', true);
    const measurement = await measureAllowance(target);
    const logins = stage.requests.filter((request) => request === 'POST /login');
    expect(logins).toHaveLength(measurement.logins);
    // Reset, then the lockout probe's six logins; reset, the rate probe's eleven; a last reset.
    const order = stage.requests.filter((request) => request === 'POST /login' || request === 'POST /reset');
    expect(order).toEqual(['POST /reset', ...Array<string>(6).fill('POST /login'), 'POST /reset', ...Array<string>(11).fill('POST /login'), 'POST /reset']);
    expect(measurement.mistakes).toEqual(['memory-rate-limit']);
    expect([...stage.mistakes]).toEqual(['memory-rate-limit']);
  });

  it('guesses at one name for the lockout and at a fresh name each time for the rate limit', async () => {
    const names: string[] = [];
    const stage = createFakeStage({
      policy: POLICY,
      answerLogin: ({ username }) => {
        names.push(username);
        return names.length === 6 ? 423 : names.length === 17 ? 429 : 401;
      },
    });
    await measureAllowance(targetOf(stage));
    expect(new Set(names.slice(0, 6)).size).toBe(1);
    expect(new Set(names.slice(6)).size).toBe(11);
  });

  it('stops at four times the promise and one more when the defence never answers', async () => {
    const measurement = await measureAllowance(targetOf(balancedStage({ processes: 100, locks: false })));
    expect(measurement.lockout).toEqual({ promised: 5, checked: 21, endedBy: 'cap' });
    expect(measurement.rateLimit).toMatchObject({ answered: 41, endedBy: 'cap' });
  });

  it('names any other answer that ends a probe, such as a rate limit reached before the lock', async () => {
    const measurement = await measureAllowance(targetOf(createFakeStage({ policy: POLICY, answerLogin: () => 503 })));
    expect(measurement.lockout).toEqual({ promised: 5, checked: 0, endedBy: 503 });
  });

  it('measures only what the policy has, and reports each answer as it comes', async () => {
    const progress: AllowanceProgress[] = [];
    const stage = balancedStage({ processes: 1, policy: { ...POLICY, lockout: null } });
    const measurement = await measureAllowance(targetOf(stage), { onProgress: (event) => progress.push(event) });
    expect(measurement.lockout).toBeUndefined();
    expect(progress.map((event) => event.probe)).toEqual(Array<string>(11).fill('rate-limit'));
    expect(progress.at(-1)).toEqual({ probe: 'rate-limit', sent: 11, status: 429 });
  });

  it('refuses a stage with neither a lockout nor a rate limit, before sending a login', async () => {
    const stage = createFakeStage();
    await expect(measureAllowance(targetOf(stage))).rejects.toThrow('no lockout or login rate limit');
    expect(stage.requests).toEqual(['GET ']);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const stage = balancedStage({ processes: 1 });
    const run = measureAllowance(targetOf(stage), { signal: controller.signal, onProgress: ({ sent }) => sent === 2 && controller.abort(new Error('stop')) });
    await expect(run).rejects.toThrow('stop');
    expect(stage.requests.filter((request) => request === 'POST /login')).toHaveLength(2);
  });
});
