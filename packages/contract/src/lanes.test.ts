import { describe, expect, it } from 'vitest';
import { inLanes, longestFirst } from './lanes.ts';

describe('longestFirst', () => {
  it('starts stages with a lockout or rate limit, then slow-hash stages, then the rest, in their order otherwise', () => {
    const stages = [
      { id: 'plaintext', policy: { passwordStorage: { scheme: 'plain', cost: null } } },
      { id: 'bcrypt', policy: { passwordStorage: { scheme: 'bcrypt', cost: 12 } } },
      { id: 'exercise' },
      { id: 'jwt', policy: { passwordStorage: { scheme: 'bcrypt', cost: 12 } } },
      { id: 'lockout', policy: { passwordStorage: { scheme: 'bcrypt', cost: 12 }, lockout: { maxFailures: 5, windowSeconds: 60, lockSeconds: 60 } } },
    ];
    expect(longestFirst(stages).map((stage) => stage.id)).toEqual(['lockout', 'bcrypt', 'jwt', 'plaintext', 'exercise']);
  });
});

describe('inLanes', () => {
  /** Runs items that each wait a tick, recording how many were in flight at most. */
  async function run(count: number, lanes: number, signal?: AbortSignal, abortAfter?: () => void): Promise<{ done: number[]; most: number }> {
    const done: number[] = [];
    let inFlight = 0;
    let most = 0;
    await inLanes(
      Array.from({ length: count }, (_, index) => index),
      lanes,
      async (item) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        done.push(item);
        if (item === 1) abortAfter?.();
      },
      signal,
    );
    return { done, most };
  }

  it('works through every item with at most the given number in flight', async () => {
    const { done, most } = await run(7, 2);
    expect([...done].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
  });

  it('takes no new item once the signal is aborted, and lets the ones in flight finish', async () => {
    const controller = new AbortController();
    const { done } = await run(7, 2, controller.signal, () => controller.abort());
    // Items 0 and 1 start together; item 2 starts when 0 is done, before 1 aborts; nothing after.
    expect([...done].sort()).toEqual([0, 1, 2]);
  });

  it("throws a lane's error only once the other lanes have stopped", async () => {
    const finished: number[] = [];
    const run = inLanes([0, 1], 2, async (item) => {
      if (item === 0) throw new Error('lane 0 broke');
      await new Promise((resolve) => setTimeout(resolve, 5));
      finished.push(item);
    });
    await expect(run).rejects.toThrow('lane 0 broke');
    expect(finished).toEqual([1]);
  });
});
