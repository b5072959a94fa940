import type { Clock, JWTOptions, JWTService } from '@authlab/auth-core';
import type { ExpectedAttackProfile } from '@authlab/attacks';
import type { ExpectedProfile } from '@authlab/checks';
import type { Router } from 'express';
import type { StageStore } from './store/stage-store.ts';

/** The numbers the stages are built with. Production uses DEFAULT_SETTINGS; tests shrink them. */
export interface StageSettings {
  bcryptCost: number;
  accessTokenTTLSeconds: number;
  refreshTokenTTLSeconds: number;
  lockout: { maxFailures: number; windowSeconds: number; lockSeconds: number };
  rateLimit: { limit: number; windowSeconds: number };
}

export const DEFAULT_SETTINGS: StageSettings = {
  bcryptCost: 12,
  accessTokenTTLSeconds: 15 * 60,
  refreshTokenTTLSeconds: 7 * 24 * 60 * 60,
  lockout: { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 5 * 60 },
  rateLimit: { limit: 10, windowSeconds: 60 },
};

/**
 * What a stage says about itself in `GET /api/stages/:stage`, so clients (the playground, the
 * practice checks) read the numbers instead of hard-coding them. `null` means "this stage
 * does not have it".
 */
export interface StagePolicy {
  passwordStorage: { scheme: 'plain' | 'sha256' | 'bcrypt'; salted: boolean; cost: number | null };
  /** How a request to `/records` proves who it is. */
  authentication: 'session-token' | 'basic' | 'jwt';
  accessToken: { kind: 'opaque' | 'jwt'; ttlSeconds: number | null; algorithm: 'HS256' | null } | null;
  refreshToken: { singleUse: boolean; ttlSeconds: number } | null;
  loginErrors: 'distinct' | 'generic';
  /** Whether unknown usernames cost as much time as known ones. */
  equalTiming: boolean;
  lockout: { maxFailures: number; windowSeconds: number; lockSeconds: number } | null;
  rateLimit: { scope: 'client-ip'; route: 'login'; limit: number; windowSeconds: number } | null;
  passwordPolicy: { minLength: number; maxBytes: number; blocklistSize: number } | null;
}

export interface StageInfo {
  id: string;
  order: number;
  title: string;
  summary: string;
}

/** What a stage chooses about its tokens; the key and the clock are the lab's. */
export type StageJWTOptions = Pick<JWTOptions, 'issuer' | 'audience' | 'ttlSeconds'>;

/** Everything a stage router is built from. */
export interface StageContext {
  store: StageStore;
  settings: StageSettings;
  clock: Clock;
  /** Signs and verifies with the server's key; the lab wraps it for the instructor's mistake toggles. */
  createJWTService(options: StageJWTOptions): JWTService;
}

export interface StageRouter {
  router: Router;
  /** Clears what the stage keeps in memory (rate-limit counters); the store is reset separately. */
  resetMemory?: () => void;
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
