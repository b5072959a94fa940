import { createStageTarget } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import type { AttackProgress } from './attack.ts';
import { bruteForce } from './attacks/brute-force.ts';
import { forgedJWT } from './attacks/forged-jwt.ts';
import { createFakeStage } from './test-support/fake-stage.ts';

const targetFor = (stage: ReturnType<typeof createFakeStage>) => createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch });

describe('an attack run', () => {
  it('stops by itself at its attempt budget and says so', async () => {
    const stage = createFakeStage();
    const result = await bruteForce.run(targetFor(stage), { budget: { maxAttempts: 5 } });
    expect(result).toMatchObject({ attack: 'brute-force', stage: 'fake', status: 'refused', stoppedBy: 'budget' });
    expect(result.series.attempts.map((point) => [point.index, point.status])).toEqual([1, 2, 3, 4, 5].map((index) => [index, 401]));
    expect(stage.requests.filter((request) => request === 'POST /login')).toHaveLength(5);
  });

  it('streams a setup event, then one event per answered request, for a live chart', async () => {
    const events: AttackProgress[] = [];
    await bruteForce.run(targetFor(createFakeStage()), { budget: { maxAttempts: 3 }, onProgress: (event) => events.push(event) });
    expect(events[0]).toMatchObject({ attack: 'brute-force', phase: 'setup' });
    const points = events.flatMap((event) => (event.attempt ? [event.attempt] : []));
    expect(points.map((point) => point.label)).toEqual(['123456', 'password', '12345678']);
    expect(events.at(-1)).toMatchObject({ phase: 'attack', completed: 3 });
  });

  it('rejects with the signal’s reason when stopped, and sends nothing more', async () => {
    const stage = createFakeStage();
    const controller = new AbortController();
    const stop = new Error('stop button');
    const run = bruteForce.run(targetFor(stage), {
      signal: controller.signal,
      onProgress: (event) => event.attempt?.index === 3 && controller.abort(stop),
    });
    await expect(run).rejects.toBe(stop);
    expect(stage.requests.filter((request) => request === 'POST /login')).toHaveLength(3);
  });

  it('skips a stage that lacks what the attack aims at, without touching it', async () => {
    const stage = createFakeStage();
    const result = await forgedJWT.run(targetFor(stage));
    expect(result).toMatchObject({ status: 'not-applicable', figure: 'n/a', series: { attempts: [] } });
    expect(stage.requests).toEqual(['GET ']);
  });

  it('resets the stage first but keeps the instructor’s mistakes on, and reports them', async () => {
    const stage = createFakeStage();
    stage.mistakes.add('skip-exp-check');
    const result = await bruteForce.run(targetFor(stage), { budget: { maxAttempts: 1 } });
    expect(stage.requests.slice(0, 4)).toEqual(['GET ', 'GET ', 'POST /reset', 'POST /mistakes']);
    expect([...stage.mistakes]).toEqual(['skip-exp-check']);
    expect(result.mistakes).toEqual(['skip-exp-check']);
  });

  it('refuses to attack anything but an AuthLab stage', async () => {
    const notAuthLab = (async () => new Response('<html>', { status: 200 })) as unknown as typeof fetch;
    await expect(bruteForce.run(createStageTarget('http://127.0.0.1:9', 'fake', { fetch: notAuthLab }))).rejects.toThrow(/not an AuthLab stage/);
  });
});
