import { systemClock, type Clock } from './clock.ts';

/** Failure bookkeeping for one username. */
export interface LockoutState {
  failures: number;
  lastFailureAtMs: number;
  lockedUntilMs: number | null;
}

/** Storage for lockout state. Synchronous, so a read-modify-write cannot interleave with another request. */
export interface LockoutStore {
  get(username: string): LockoutState | undefined;
  set(username: string, state: LockoutState): void;
  delete(username: string): void;
}

export interface LockoutPolicyOptions {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  /** A run of failures is forgotten once this long passes without another one. */
  windowSeconds: number;
  /** How long a lock lasts. */
  lockSeconds: number;
  store: LockoutStore;
  clock?: Clock;
}

export type LockStatus = { locked: false } | { locked: true; retryAfterSeconds: number };

export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
  status(username: string): LockStatus;
  recordFailure(username: string): LockStatus;
  recordSuccess(username: string): void;
}

/**
 * Locks a username after too many consecutive failures. Usernames are tracked whether or not
 * they exist: locking only real accounts would tell an attacker which ones are real.
 */
export function createLockoutPolicy(options: LockoutPolicyOptions): LockoutPolicy {
  const { maxFailures, windowSeconds, lockSeconds, store } = options;
  const clock = options.clock ?? systemClock;

  function currentState(username: string, now: number): LockoutState | undefined {
    const state = store.get(username);
    if (state === undefined) return undefined;
    const lockExpired = state.lockedUntilMs !== null && state.lockedUntilMs <= now;
    // Measured from the latest failure, so a slow trickle of guesses keeps counting instead of
    // resetting at a fixed boundary an attacker could time their bursts around.
    const windowExpired = state.lockedUntilMs === null && now - state.lastFailureAtMs >= windowSeconds * 1000;
    if (lockExpired || windowExpired) {
      store.delete(username);
      return undefined;
    }
    return state;
  }

  function statusOf(state: LockoutState | undefined, now: number): LockStatus {
    if (state?.lockedUntilMs == null) return { locked: false };
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((state.lockedUntilMs - now) / 1000)) };
  }

  return {
    maxFailures,
    windowSeconds,
    lockSeconds,
    status(username) {
      const now = clock();
      return statusOf(currentState(username, now), now);
    },
    recordFailure(username) {
      const now = clock();
      const previous = currentState(username, now);
      const failures = (previous?.failures ?? 0) + 1;
      const next: LockoutState = {
        failures,
        lastFailureAtMs: now,
        lockedUntilMs: previous?.lockedUntilMs ?? (failures >= maxFailures ? now + lockSeconds * 1000 : null),
      };
      store.set(username, next);
      return statusOf(next, now);
    },
    recordSuccess(username) {
      store.delete(username);
    },
  };
}

/** A Map-backed store for tests and the exercises; the server keeps lockouts in SQLite. */
export function createMemoryLockoutStore(): LockoutStore {
  const states = new Map<string, LockoutState>();
  return {
    get: (username) => {
      const state = states.get(username);
      return state && { ...state };
    },
    set: (username, state) => void states.set(username, { ...state }),
    delete: (username) => void states.delete(username),
  };
}
