import type { LockoutStore } from '@authlab/auth-core';
import type { Options, Store } from 'express-rate-limit';

/**
 * What the `memory-rate-limit` mistake counts in: each process's own memory. A limiter or a
 * lockout that counts there is exact while one process serves the API and quietly multiplies
 * its allowance by the number of processes once several do, because each sees only the requests
 * that reach it.
 *
 * A lab started with `npm start` is one process, so to show the mistake it stands in for
 * SIMULATED_PROCESSES of them: while the mistake is on, the stage's requests are dealt out in
 * turn to that many copies of the stage, each counting in its own memory, as a round-robin load
 * balancer would deal them to processes. A lab already spread over several processes (Redis
 * configured) needs no stand-ins: each real process counts its own.
 */
export const SIMULATED_PROCESSES = 3;

/** A rate-limit store that counts in `shared` normally, and in `memory` while the mistake is on. */
export function switchingRateLimitStore(shared: Store, memory: Store, inMemory: () => boolean): Store {
  const current = (): Store => (inMemory() ? memory : shared);
  return {
    async init(options: Options) {
      await Promise.all([shared.init?.(options), memory.init?.(options)]);
    },
    get: async (key) => current().get?.(key),
    increment: (key) => current().increment(key),
    decrement: (key) => current().decrement(key),
    resetKey: (key) => current().resetKey(key),
    async resetAll() {
      await Promise.all([shared.resetAll?.(), memory.resetAll?.()]);
    },
    async shutdown() {
      await Promise.all([shared.shutdown?.(), memory.shutdown?.()]);
    },
  };
}

/** A lockout store that keeps its counts in `shared` normally, and in `memory()` while the mistake is on. */
export function switchingLockoutStore(shared: LockoutStore, memory: () => LockoutStore, inMemory: () => boolean): LockoutStore {
  const current = (): LockoutStore => (inMemory() ? memory() : shared);
  return {
    get: (username) => current().get(username),
    update: (username, change) => current().update(username, change),
    deleteForgotten: (cutoffMs, nowMs) => current().deleteForgotten(cutoffMs, nowMs),
  };
}
