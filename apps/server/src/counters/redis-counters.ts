import { connectRedis } from './redis-connection.ts';
import { redisChannels } from './redis-channels.ts';
import { redisLeases, redisPlaces } from './redis-leases.ts';
import { SharedRateLimitStore } from './redis-rate-limit-store.ts';
import type { SharedCounters } from './shared-counters.ts';

export interface RedisCountersOptions {
  /** Before every key and channel, so that one Redis can serve several labs without mixing their counts. */
  keyPrefix?: string;
  /** Where a lost and a regained connection are reported, one line each; console.warn by default. */
  log?: (line: string) => void;
}

/**
 * The counters every AuthLab process shares, in the Redis at `url`. Rejects, naming the
 * server, when it is unreachable at start: a lab configured for several processes must not
 * quietly fall back to counting in one.
 */
export async function connectRedisCounters(url: string, options: RedisCountersOptions = {}): Promise<SharedCounters> {
  const keyPrefix = options.keyPrefix ?? 'authlab:';
  const log = options.log ?? ((line: string) => console.warn(line));
  const commands = await connectRedis(url, { log });
  // Its outages are the command connection's too: reported once, there.
  const listening = await connectRedis(url, { log: () => {}, autoResubscribe: false }).catch(async (error: unknown) => {
    await commands.close();
    throw error;
  });
  return {
    kind: 'redis',
    rateLimitStore: (prefix) => new SharedRateLimitStore(commands.client, `${keyPrefix}rate-limit:${prefix}:`),
    takePlace: redisPlaces(commands.client, keyPrefix),
    leases: redisLeases(commands.client, keyPrefix),
    ...redisChannels(commands.client, listening.client, keyPrefix),
    async close() {
      await Promise.all([commands.close(), listening.close()]);
    },
  };
}
