import { systemClock, type Clock } from './clock.ts';

/** Failure bookkeeping for one username. */
export interface LockoutState {
  /** Failed attempts since the last success, counting attempts still being checked. */
  failures: number;
  lastFailureAtMs: number;
  /** When the latest lock ends; in the past once it has run out. */
  lockedUntilMs: number | null;
}

/**
 * Storage for lockout state. `update` is the one write: it reads a name's state, lets `change`
 * decide the next one and stores it (undefined deletes) as a single step that no other attempt
 * can interleave with — one synchronous step in one process's memory, a transaction holding the
 * name's lock in a database that several processes share.
 */
export interface LockoutStore {
  get(username: string): Promise<LockoutState | undefined>;
  update(username: string, change: (current: LockoutState | undefined) => LockoutState | undefined): Promise<void>;
  /** Deletes every state whose last failure is at or before `cutoffMs` and whose lock has ended by `nowMs`. */
  deleteForgotten(cutoffMs: number, nowMs: number): Promise<number>;
}

export interface LockoutSettings {
  /** Every this many consecutive failures locks the name. */
  maxFailures: number;
  /** Failures are forgotten once this long passes without another one (or at the next success). */
  windowSeconds: number;
  /** How long the first lock lasts; each further lock in a run lasts twice as long as the one before. */
  lockSeconds: number;
  /** The longest a lock can grow to. */
  maxLockSeconds: number;
}

export interface LockoutPolicyOptions extends LockoutSettings {
  store: LockoutStore;
  clock?: Clock;
}

export type LockStatus = { locked: false } | { locked: true; retryAfterSeconds: number };

/** A login attempt the lockout let through; say how it ended. */
export interface AdmittedAttempt {
  locked: false;
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

export type LoginAttempt = AdmittedAttempt | { locked: true; retryAfterSeconds: number };

export interface LockoutPolicy extends Readonly<LockoutSettings> {
  status(username: string): Promise<LockStatus>;
  /**
   * Starts a login attempt. A locked name is refused before its password is looked at. Any other
   * attempt is counted as a failure right away, in the same step as the lock check, so however many
   * arrive at once, no more than `maxFailures` of them are ever checked against the password.
   */
  beginAttempt(username: string): Promise<LoginAttempt>;
  /** Deletes the state of names whose failures no longer count. Returns how many went. */
  sweep(): Promise<number>;
}

/** How long the `lockNumber`-th consecutive lock lasts: doubling from `lockSeconds`, capped. */
export function lockDurationSeconds(settings: LockoutSettings, lockNumber: number): number {
  // Capped before doubling, so a long run cannot overflow to Infinity.
  const doublings = Math.min(Math.max(lockNumber - 1, 0), 32);
  return Math.min(settings.lockSeconds * 2 ** doublings, settings.maxLockSeconds);
}

/** The state as it stands at `nowMs`: undefined once the failures have been forgotten. */
export function currentLockoutState(settings: LockoutSettings, state: LockoutState | undefined, nowMs: number): LockoutState | undefined {
  if (state === undefined) return undefined;
  const lockRunning = state.lockedUntilMs !== null && state.lockedUntilMs > nowMs;
  // Measured from the latest failure, so a slow trickle keeps counting instead of resetting at a
  // fixed boundary; and long enough that the growing locks are remembered from one to the next.
  const forgotten = nowMs - state.lastFailureAtMs >= settings.windowSeconds * 1000;
  return forgotten && !lockRunning ? undefined : state;
}

/** One more failure: every `maxFailures`-th consecutive one locks the name, each lock longer. */
export function withFailure(settings: LockoutSettings, state: LockoutState | undefined, nowMs: number): LockoutState {
  const failures = (state?.failures ?? 0) + 1;
  const locks = failures % settings.maxFailures === 0;
  const lockedUntilMs = locks ? nowMs + lockDurationSeconds(settings, failures / settings.maxFailures) * 1000 : (state?.lockedUntilMs ?? null);
  return { failures, lastFailureAtMs: nowMs, lockedUntilMs };
}

export function lockStatusOf(state: LockoutState | undefined, nowMs: number): LockStatus {
  if (state?.lockedUntilMs == null || state.lockedUntilMs <= nowMs) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((state.lockedUntilMs - nowMs) / 1000)) };
}

/**
 * Locks a username after repeated failures, for longer each time. Usernames are tracked whether
 * or not they exist: locking only real accounts would tell an attacker which ones are real.
 */
export function createLockoutPolicy(options: LockoutPolicyOptions): LockoutPolicy {
  const { store, ...settings } = options;
  const clock = options.clock ?? systemClock;
  const { maxFailures, windowSeconds, lockSeconds, maxLockSeconds } = settings;

  return {
    maxFailures,
    windowSeconds,
    lockSeconds,
    maxLockSeconds,
    async status(username) {
      const stored = await store.get(username);
      const now = clock();
      return lockStatusOf(currentLockoutState(settings, stored, now), now);
    },
    async beginAttempt(username) {
      let status = { locked: false } as LockStatus;
      // Check and count in one step: checking first and counting after the password was verified
      // lets a burst of simultaneous guesses all pass the check before any of them is counted.
      await store.update(username, (stored) => {
        const now = clock();
        const state = currentLockoutState(settings, stored, now);
        status = lockStatusOf(state, now);
        return status.locked ? state : withFailure(settings, state, now);
      });
      if (status.locked) return status;
      return {
        locked: false,
        // The attempt was counted as a failure up front; a success wipes the slate clean.
        succeeded: () => store.update(username, () => undefined),
        failed: async () => {},
      };
    },
    sweep() {
      const now = clock();
      return store.deleteForgotten(now - windowSeconds * 1000, now);
    },
  };
}

/**
 * A Map-backed store: for tests, the exercises, and the instructor's `memory-rate-limit` mistake,
 * where it is the mistake (each process counts only the guesses that reach it).
 */
export function createMemoryLockoutStore(): LockoutStore {
  const states = new Map<string, LockoutState>();
  return {
    async get(username) {
      const state = states.get(username);
      return state && { ...state };
    },
    async update(username, change) {
      const current = states.get(username);
      const copy = current && { ...current };
      const next = change(copy);
      if (next === copy) return;
      if (next === undefined) states.delete(username);
      else states.set(username, { ...next });
    },
    async deleteForgotten(cutoffMs, nowMs) {
      let deleted = 0;
      for (const [username, state] of states) {
        if (state.lastFailureAtMs <= cutoffMs && (state.lockedUntilMs ?? 0) <= nowMs) {
          states.delete(username);
          deleted += 1;
        }
      }
      return deleted;
    },
  };
}
