import type { Store } from 'express-rate-limit';
import { HttpError } from '../http-error.ts';

/**
 * Every count the server keeps between requests: rate limits, requests in flight, the
 * classroom's attack slots, and the events that tell the dashboards something changed.
 *
 * One process can keep them in its memory. Several processes behind one address cannot: each
 * would count only the requests that reach it, so three processes let three times the limit
 * through (the mistake lesson 6 shows). They then share them in Redis, through this same
 * interface, so nothing above it knows how many processes there are.
 */
export interface SharedCounters {
  readonly kind: 'memory' | 'redis';
  /**
   * A store for express-rate-limit whose counts every process shares, its keys under `prefix`
   * (e.g. `w-abc/lockout:login`). memory: a new express-rate-limit MemoryStore; redis:
   * rate-limit-redis's RedisStore over our ioredis client. A new store per limiter, as
   * express-rate-limit requires: two limiters sharing one store would count each other's hits.
   */
  rateLimitStore(prefix: string): Store;
  /**
   * Takes one of `max` places for `key` (requests in flight per workspace). Returns the function
   * that gives it back, or undefined when all `max` are taken. A place whose process died
   * without giving it back frees itself after `leaseMs`, so a crash cannot shrink the cap for good.
   * redis: one atomic Lua script over a sorted set (member = random id, score = expiry time):
   * drop expired, count, add if under max; a count and an add in two commands would let two
   * processes both see `max - 1` and both add.
   */
  takePlace(key: string, max: number, leaseMs: number): Promise<(() => void) | undefined>;
  /** One holder per key for `ttlMs` (the classroom's attack slots). */
  leases: Leases;
  /**
   * Tells every process (this one included) about `message` on `channel`; best effort: a
   * message sent while Redis is unreachable is lost, so listeners must treat it as a hint to
   * look again, never as the only copy of a fact.
   */
  publish(channel: string, message: string): void;
  /**
   * Returns the unsubscribe function. redis: one subscriber connection per SharedCounters,
   * re-subscribed after a reconnect.
   */
  subscribe(channel: string, listener: (message: string) => void): () => void;
  close(): Promise<void>;
}

/** Who holds a lease, what they stored with it, and how long it has left. */
export interface LeaseHolder {
  holder: string;
  data: string;
  ttlMs: number;
}

export interface Leases {
  /** Takes the key for `holder` with `data`; when someone else holds it, answers theirs instead. */
  take(key: string, holder: string, data: string, ttlMs: number): Promise<{ taken: true } | ({ taken: false } & LeaseHolder)>;
  /**
   * Extends the lease if `holder` still holds it; false otherwise. Atomic compare-and-extend:
   * a holder whose lease ran out and went to someone else must not extend theirs.
   */
  renew(key: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives it back if `holder` holds it; false otherwise. Atomic compare-and-delete, for the same reason. */
  release(key: string, holder: string): Promise<boolean>;
  current(key: string): Promise<LeaseHolder | undefined>;
}

/** How long a client should wait before trying again: about what Redis needs to come back after a restart. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Any failure to reach the shared counters. A limit that cannot be counted is refused (503),
 * never skipped: letting requests through while Redis is down would hand an attacker unlimited
 * guesses for as long as the outage lasts.
 */
export class CountersUnavailableError extends HttpError {
  constructor(cause: unknown) {
    super(503, "The lab's shared counters (Redis) are unreachable; try again in a few seconds", {
      code: 'counters_unavailable',
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    });
    this.name = 'CountersUnavailableError';
    // For our logs only: the error handler never shows it to the client.
    this.cause = cause;
  }
}
