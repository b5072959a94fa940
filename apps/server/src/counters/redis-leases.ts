import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { guarded } from './redis-connection.ts';
import { CURRENT_LEASE, RELEASE_LEASE, RENEW_LEASE, TAKE_LEASE, TAKE_PLACE } from './redis-scripts.ts';
import type { LeaseHolder, Leases, SharedCounters } from './shared-counters.ts';

/** takePlace and the leases, each one script (redis-scripts.ts) so that processes cannot interleave. */

export function redisPlaces(client: Redis, keyPrefix: string): SharedCounters['takePlace'] {
  return async (key, max, leaseMs) => {
    const places = `${keyPrefix}places:${key}`;
    const id = randomUUID();
    const taken = await guarded(() => client.eval(TAKE_PLACE, 1, places, max, milliseconds(leaseMs), id));
    if (taken !== 1) return undefined;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Best effort: a place whose release is lost with the connection frees itself after leaseMs.
      client.zrem(places, id).catch(() => {});
    };
  };
}

export function redisLeases(client: Redis, keyPrefix: string): Leases {
  const leaseKey = (key: string): string => `${keyPrefix}lease:${key}`;
  return {
    async take(key, holder, data, ttlMs) {
      const reply = await guarded(() => client.eval(TAKE_LEASE, 1, leaseKey(key), holder, data, milliseconds(ttlMs)));
      if (Array.isArray(reply) && reply[0] === 1) return { taken: true };
      return { taken: false, ...toHolder(Array.isArray(reply) ? reply.slice(1) : reply) };
    },
    async renew(key, holder, ttlMs) {
      return (await guarded(() => client.eval(RENEW_LEASE, 1, leaseKey(key), holder, milliseconds(ttlMs)))) === 1;
    },
    async release(key, holder) {
      return (await guarded(() => client.eval(RELEASE_LEASE, 1, leaseKey(key), holder))) === 1;
    },
    async current(key) {
      const reply = await guarded(() => client.eval(CURRENT_LEASE, 1, leaseKey(key)));
      return Array.isArray(reply) && reply.length === 0 ? undefined : toHolder(reply);
    },
  };
}

/** PEXPIRE takes whole milliseconds, at least one (zero or less would delete the key at once). */
function milliseconds(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

function toHolder(reply: unknown): LeaseHolder {
  if (!Array.isArray(reply)) throw unexpected(reply);
  const [holder, data, ttlMs] = reply as unknown[];
  if (typeof holder !== 'string' || typeof data !== 'string' || typeof ttlMs !== 'number') throw unexpected(reply);
  return { holder, data, ttlMs };
}

function unexpected(reply: unknown): Error {
  return new Error(`Unexpected reply from a lease script: ${JSON.stringify(reply)}`);
}
