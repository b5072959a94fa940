/** Counters every process shares: in memory for one process, in Redis for several. */
export { createMemoryCounters } from './memory-counters.ts';
export { connectRedisCounters } from './redis-counters.ts';
export { CountersUnavailableError, type SharedCounters } from './shared-counters.ts';
