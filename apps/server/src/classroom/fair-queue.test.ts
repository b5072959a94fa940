import { describe, expect, it } from 'vitest';
import { createFairQueue, QueueFullError } from './fair-queue.ts';

describe('fair queue', () => {
  it('serves waiting workspaces in turn, so a newcomer waits for one job per busy workspace, not for a whole burst', async () => {
    const queue = createFairQueue({ slots: 1, maxWaitingPerOwner: 100 });
    const order: string[] = [];
    const first = await queue.acquire('brute');
    // One workspace queues a burst, then a classmate asks once.
    const burst = Array.from({ length: 10 }, (_, index) => queue.acquire('brute').then((release) => ({ release, name: `brute-${index}` })));
    const classmate = queue.acquire('classmate').then((release) => ({ release, name: 'classmate' }));
    first();
    for (const job of [...burst, classmate]) {
      void job.then(({ release, name }) => {
        order.push(name);
        setTimeout(release, 0);
      });
    }
    await Promise.all([...burst, classmate]);
    expect(order.indexOf('classmate')).toBe(1);
  });

  it('never runs more jobs at once than it has slots, and frees a slot once however often it is released', async () => {
    const queue = createFairQueue({ slots: 2, maxWaitingPerOwner: 10 });
    const a = await queue.acquire('a');
    await queue.acquire('b');
    let thirdStarted = false;
    const third = queue.acquire('c').then((release) => {
      thirdStarted = true;
      return release;
    });
    await Promise.resolve();
    expect(thirdStarted).toBe(false);
    a();
    a();
    await third;
    expect(queue.stats()).toEqual({ running: 2, waiting: 0 });
  });

  it('refuses work past a workspace’s line at once, without touching other workspaces', async () => {
    const queue = createFairQueue({ slots: 1, maxWaitingPerOwner: 2 });
    await queue.acquire('a');
    void queue.acquire('a');
    void queue.acquire('a');
    await expect(queue.acquire('a')).rejects.toBeInstanceOf(QueueFullError);
    void queue.acquire('b');
    expect(queue.stats().waiting).toBe(3);
  });
});
