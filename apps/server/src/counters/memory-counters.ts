import { randomUUID } from 'node:crypto';
import { MemoryStore } from 'express-rate-limit';
import type { LeaseHolder, Leases, SharedCounters } from './shared-counters.ts';

/**
 * The counters of a single process, in its memory: right for one process (the default), and
 * the per-process mistake as soon as there are several, since each then counts only the
 * requests that reach it. Same behaviour as the Redis counters within one process, expiry
 * included, so the code above cannot tell them apart until a second process joins.
 */
export function createMemoryCounters(options: { clock?: () => number } = {}): SharedCounters {
  const clock = options.clock ?? Date.now;
  const stores: MemoryStore[] = [];
  const places = new Map<string, Map<string, number>>();
  const listeners = new Map<string, Set<(message: string) => void>>();

  return {
    kind: 'memory',
    rateLimitStore() {
      // The prefix only keeps keys apart in a store that several limiters share; each limiter
      // has its own MemoryStore.
      const store = new MemoryStore();
      stores.push(store);
      return store;
    },
    async takePlace(key, max, leaseMs) {
      const now = clock();
      const held = places.get(key) ?? new Map<string, number>();
      for (const [id, untilMs] of held) if (untilMs <= now) held.delete(id);
      if (held.size >= max) return undefined;
      const id = randomUUID();
      held.set(id, now + leaseMs);
      places.set(key, held);
      return () => {
        held.delete(id);
        if (held.size === 0 && places.get(key) === held) places.delete(key);
      };
    },
    leases: createMemoryLeases(clock),
    publish(channel, message) {
      // Later, as Redis delivers it: a listener never runs inside the publisher's own call.
      const subscribed = [...(listeners.get(channel) ?? [])];
      queueMicrotask(() => {
        for (const listener of subscribed) listener(message);
      });
    },
    subscribe(channel, listener) {
      // A wrapper of its own, so that one listener subscribed twice is two subscriptions.
      const subscription = (message: string): void => listener(message);
      const subscribed = listeners.get(channel) ?? new Set();
      subscribed.add(subscription);
      listeners.set(channel, subscribed);
      return () => {
        subscribed.delete(subscription);
        if (subscribed.size === 0 && listeners.get(channel) === subscribed) listeners.delete(channel);
      };
    },
    async close() {
      for (const store of stores) store.shutdown();
      places.clear();
      listeners.clear();
    },
  };
}

function createMemoryLeases(clock: () => number): Leases {
  const leases = new Map<string, { holder: string; data: string; untilMs: number }>();
  const current = (key: string): LeaseHolder | undefined => {
    const lease = leases.get(key);
    const ttlMs = lease === undefined ? 0 : lease.untilMs - clock();
    if (lease === undefined || ttlMs <= 0) {
      leases.delete(key);
      return undefined;
    }
    return { holder: lease.holder, data: lease.data, ttlMs };
  };
  return {
    async take(key, holder, data, ttlMs) {
      const held = current(key);
      if (held !== undefined) return { taken: false, ...held };
      leases.set(key, { holder, data, untilMs: clock() + ttlMs });
      return { taken: true };
    },
    async renew(key, holder, ttlMs) {
      const lease = leases.get(key);
      if (current(key)?.holder !== holder || lease === undefined) return false;
      lease.untilMs = clock() + ttlMs;
      return true;
    },
    async release(key, holder) {
      if (current(key)?.holder !== holder) return false;
      leases.delete(key);
      return true;
    },
    async current(key) {
      return current(key);
    },
  };
}
