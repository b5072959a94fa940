import type { Clock, DummyHash, JWTOptions, JWTService, LockoutPolicy, LockoutSettings, PasswordHasher } from '@authlab/auth-core';
import type { ExpectedAttackProfile, ExpectedProfile, StageInfo, StagePolicy } from '@authlab/contract';
import type { Router } from 'express';
import type { Store } from 'express-rate-limit';
import type { StageStore } from './store/stage-store.ts';

/** The numbers the stages are built with. Production uses DEFAULT_SETTINGS; tests shrink them. */
export interface StageSettings {
  bcryptCost: number;
  accessTokenTTLSeconds: number;
  refreshTokenTTLSeconds: number;
  /** How long one login's chain of refresh tokens may live, however often it is rotated. */
  refreshFamilyLifetimeSeconds: number;
  /** How long a cookie session lasts after login, however busy (stages 5 and 6). */
  cookieSessionTTLSeconds: number;
  lockout: LockoutSettings;
  /** Login attempts per client IP. */
  rateLimit: { limit: number; windowSeconds: number };
  /** Registrations per client IP. */
  registrationRateLimit: { limit: number; windowSeconds: number };
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_SETTINGS: StageSettings = {
  bcryptCost: 12,
  accessTokenTTLSeconds: 15 * MINUTE,
  refreshTokenTTLSeconds: 7 * DAY,
  refreshFamilyLifetimeSeconds: 30 * DAY,
  // A working day: within OWASP's suggested 4 to 8 hours for an absolute session timeout.
  cookieSessionTTLSeconds: 8 * HOUR,
  // Locks of 5, 10, 20 ... minutes up to 4 hours, failures remembered for a day: at most 55 wrong
  // guesses per account in any 24 hours, however many addresses guess (our bound is 100 a day).
  lockout: { maxFailures: 5, windowSeconds: DAY, lockSeconds: 5 * MINUTE, maxLockSeconds: 4 * HOUR },
  rateLimit: { limit: 10, windowSeconds: MINUTE },
  registrationRateLimit: { limit: 10, windowSeconds: 10 * MINUTE },
};

/** What a stage chooses about its tokens; the key, the clock and the audience (its id) are the lab's. */
export type StageJWTOptions = Pick<JWTOptions, 'issuer' | 'ttlSeconds'>;

/**
 * The names a stage goes by on the wire, made from its id so that no stage file spells its own
 * and no two stages share one: the realm of its 401 challenges, and the audience of its tokens,
 * so a token one stage issued is refused by every other.
 */
export function stageNames(id: string): { realm: string; audience: string } {
  return { realm: `authlab-${id}`, audience: id };
}

/** Everything a stage router is built from. */
export interface StageContext {
  store: StageStore;
  settings: StageSettings;
  clock: Clock;
  /** What the stage's `WWW-Authenticate` challenges name as their realm (see stageNames). */
  realm: string;
  /** Signs and verifies with the server's key, for the stage's own audience; the lab wraps it for the instructor's mistake toggles. */
  createJWTService(options: StageJWTOptions): JWTService;
  /** The lockout over this stage's store and clock; the lab wraps it for the instructor's mistake toggles. */
  createLockoutPolicy(settings: LockoutSettings): LockoutPolicy;
  /** A bcrypt hasher whose work the lab schedules (in a classroom, fairly among the learners). */
  createBcryptHasher(options: { cost: number }): PasswordHasher;
  /** A dummy hash made with `hasher`'s scheme and cost, for unknown users' logins (see auth-core's createDummyHash). */
  createDummyHash(hasher: PasswordHasher): DummyHash;
  /**
   * Where a rate limiter of this stage keeps its counts: in this process's memory when one process
   * serves the lab, in Redis when several do (each must see every request), per the lab's setup.
   */
  createRateLimitStore(name: string): Store;
}

export interface StageRouter {
  router: Router;
  /** Clears what the stage keeps in memory (rate-limit counters); the store is reset separately. */
  resetMemory?: () => void | Promise<void>;
  /** Settles once the stage can answer its first request as fast as every later one. */
  ready?: Promise<void>;
  /** Stops what the stage runs in the background (timers), when its workspace is deleted. */
  dispose?: () => void;
}

export interface StageModule {
  info: StageInfo;
  policy(settings: StageSettings): StagePolicy;
  /** The verdict every practice check must give on this stage. */
  expectedChecks: ExpectedProfile;
  /** What every attack of the attack lab must achieve on this stage. */
  expectedAttacks: ExpectedAttackProfile;
  createRouter(context: StageContext): StageRouter;
}
