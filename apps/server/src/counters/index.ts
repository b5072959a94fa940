/** Counters every process shares: in memory for one process, in Redis for several. */
export { createMemoryCounters } from './memory-counters.ts';
export { connectRedisCounters, type RedisCountersOptions } from './redis-counters.ts';
export { CountersUnavailableError, type LeaseHolder, type Leases, type SharedCounters } from './shared-counters.ts';
