/**
 * The Lua scripts behind takePlace and the leases. Redis runs a script alone, start to end,
 * so each read-then-write below is one step that no other process can interleave with. Times
 * come from Redis (TIME, PEXPIRE), never from the calling process, so processes whose clocks
 * disagree still agree on when a place or a lease runs out.
 *
 * They are sent with EVAL each time (Redis caches them by hash): a few hundred bytes a call,
 * and nothing to reload after Redis restarts empty.
 */

/** KEYS[1] the sorted set of places (member: id, score: expiry in ms); ARGV max, leaseMs, id. 1 taken, 0 full. */
export const TAKE_PLACE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local leaseMs = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[3])
-- The set goes when its longest place would: an abandoned key never outlives what it holds.
if redis.call('PTTL', KEYS[1]) < leaseMs then
  redis.call('PEXPIRE', KEYS[1], leaseMs)
end
return 1
`;

/** KEYS[1] the lease (a hash: holder, data); ARGV holder, data, ttlMs. {1} taken, or {0, holder, data, ttlMs}. */
export const TAKE_LEASE = `
local held = redis.call('HMGET', KEYS[1], 'holder', 'data')
if held[1] then
  return {0, held[1], held[2], redis.call('PTTL', KEYS[1])}
end
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1}
`;

/** KEYS[1] the lease; ARGV holder, ttlMs. 1 extended, 0 not this holder's (any more). */
export const RENEW_LEASE = `
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** KEYS[1] the lease; ARGV holder. 1 released, 0 not this holder's. */
export const RELEASE_LEASE = `
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
return 1
`;

/** KEYS[1] the lease. {} when free, {holder, data, ttlMs} when held: read in one step, so ttlMs belongs to that holder. */
export const CURRENT_LEASE = `
local held = redis.call('HMGET', KEYS[1], 'holder', 'data')
if not held[1] then
  return {}
end
return {held[1], held[2], redis.call('PTTL', KEYS[1])}
`;
