/**
 * Round-robin admission to scarce work (bcrypt hashing) across workspaces. Without it, one
 * learner's brute force queues a hundred hashes in libuv's thread pool and every classmate's
 * login waits behind all of them; with it, each workspace with work waiting gets the next free
 * slot in turn, so a login waits for about one hash per busy workspace, not for the whole burst.
 * A slot is held by the hash alone, never by a request: a slow upload or a dropped connection
 * cannot keep one.
 */

export interface FairQueueOptions {
  /** Jobs running at once across every workspace: about the thread pool's size. */
  slots: number;
  /** Jobs one workspace may have waiting; more are refused at once rather than queued for minutes. */
  maxWaitingPerOwner: number;
}

export class QueueFullError extends Error {
  constructor() {
    super('too much work waiting for this workspace');
    this.name = 'QueueFullError';
  }
}

type Release = () => void;

export interface FairQueue {
  /** Resolves with a release function once `owner` may start; rejects with QueueFullError when its line is full. */
  acquire(owner: string): Promise<Release>;
  /** Runs `work` in `owner`'s turn and frees the slot when it settles. */
  run<T>(owner: string, work: () => Promise<T>): Promise<T>;
  /** How many jobs are running and waiting, for the benchmark and tests. */
  stats(): { running: number; waiting: number };
}

export function createFairQueue(options: FairQueueOptions): FairQueue {
  let running = 0;
  // Insertion order is the rotation: an owner goes to the back each time it is served.
  const lines = new Map<string, Array<(release: Release) => void>>();

  function release(): void {
    running--;
    admitNext();
  }

  function admitNext(): void {
    while (running < options.slots) {
      const next = lines.entries().next();
      if (next.done === true) return;
      const [owner, line] = next.value;
      const start = line.shift();
      lines.delete(owner);
      if (line.length > 0) lines.set(owner, line);
      if (start === undefined) continue;
      running++;
      start(once(release));
    }
  }

  return {
    acquire(owner) {
      const line = lines.get(owner) ?? [];
      if (line.length >= options.maxWaitingPerOwner) return Promise.reject(new QueueFullError());
      return new Promise<Release>((resolve) => {
        line.push(resolve);
        if (!lines.has(owner)) lines.set(owner, line);
        admitNext();
      });
    },
    async run(owner, work) {
      const release = await this.acquire(owner);
      try {
        return await work();
      } finally {
        release();
      }
    },
    stats() {
      let waiting = 0;
      for (const line of lines.values()) waiting += line.length;
      return { running, waiting };
    },
  };
}

/** A release called twice (a response that both finishes and closes) frees its slot once. */
function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
