import type { AttackId, AttackOutcome, CheckId, CheckStatus, ExpectedAttackProfile, ExpectedProfile, StagePolicy } from '@authlab/contract';
import { createSecretKey, type KeyObject } from 'node:crypto';
import {
  createJWTService,
  createLockoutPolicy,
  currentLockoutState,
  systemClock,
  withFailure,
  type Clock,
  type JWTService,
  type LockoutPolicy,
  type LockoutPolicyOptions,
} from '@authlab/auth-core';
import { SIMULATED_PROCESSES } from './process-memory.ts';
import type { StageJWTOptions } from './stage.ts';

/**
 * Instructor toggles: each puts ONE named mistake back into a stage at runtime, so the class
 * watches an attack that failed a minute ago succeed. Only the lab's loopback-only route flips
 * them and `/reset` clears them (the attack lab and the checks switch them back on after theirs). They act through the services the lab hands a stage, so the
 * stage files stay the lesson, free of `if (mistake)`.
 */
export const MISTAKE_IDS = ['weak-jwt-secret', 'skip-exp-check', 'check-then-count', 'memory-rate-limit'] as const;
export type MistakeId = (typeof MISTAKE_IDS)[number];

/** A word from every password list, and the classic real-world JWT secret. */
export const WEAK_JWT_SECRET = 'secret';

interface MistakeDefinition {
  title: string;
  description: string;
  appliesTo(policy: StagePolicy): boolean;
  /** What the attack lab achieves while this mistake is on. */
  attackEffects: Partial<Record<AttackId, AttackOutcome>>;
  /** The practice checks that catch this mistake, and the verdict they give while it is on. */
  checkEffects: Partial<Record<CheckId, CheckStatus>>;
}

const issuesJWTs = (policy: StagePolicy): boolean => policy.accessToken?.kind === 'jwt';
const locksAccounts = (policy: StagePolicy): boolean => policy.lockout !== null;
const limitsRate = (policy: StagePolicy): boolean => policy.rateLimit !== null;

export const MISTAKES: Readonly<Record<MistakeId, MistakeDefinition>> = {
  'weak-jwt-secret': {
    title: 'Guessable JWT secret',
    description: `Tokens are signed with "${WEAK_JWT_SECRET}": whoever guesses it offline can mint a token for any user.`,
    appliesTo: issuesJWTs,
    attackEffects: { 'forged-jwt': 'cracked' },
    // No practice check guesses secrets offline: only the attack lab catches this one.
    checkEffects: {},
  },
  'skip-exp-check': {
    title: 'Expiry not checked',
    description: 'The signature is still verified, but `exp` is ignored: a stolen token never stops working.',
    appliesTo: issuesJWTs,
    attackEffects: { 'token-replay': 'exposed' },
    checkEffects: { 'token-expires': 'fail' },
  },
  'check-then-count': {
    title: 'Lock checked before, failure counted after',
    description: 'The lock is read before the password is checked and the failure is counted only afterwards: guesses sent all at once all get checked.',
    appliesTo: locksAccounts,
    attackEffects: { 'parallel-guessing': 'cracked' },
    checkEffects: { 'account-lockout': 'fail' },
  },
  'memory-rate-limit': {
    title: "Counters kept in each process's memory",
    description: `Stage 6 keeps its rate-limit and lockout counts in the memory of whichever process answers. Behind a load balancer each of N processes sees only its share of the attempts and lets through its own full allowance, so a client gets N times as many; a lab running as one process deals each request in turn to ${SIMULATED_PROCESSES} stand-in copies, for ${SIMULATED_PROCESSES}×.`,
    appliesTo: limitsRate,
    // Measured by the attacks' own test with the mistake on: a burst of ten all gets checked;
    // spraying's 24 logins stay under three processes' 30, leaving only the password policy in
    // its way. Brute force is still locked out, after 15 failures instead of 5: the stage's
    // policy gave its victim a password no 15 guesses reach.
    attackEffects: { 'parallel-guessing': 'cracked', 'password-spraying': 'refused' },
    // Both checks send a few more attempts than one process allows, and fewer than three allow.
    checkEffects: { 'account-lockout': 'fail', 'login-rate-limited': 'fail' },
  },
};

export interface LabMistakes {
  /** The mistakes on, in MISTAKE_IDS order. */
  readonly enabled: MistakeId[];
  has(mistake: MistakeId): boolean;
  set(mistake: MistakeId, enabled: boolean): void;
  reset(): void;
}

export function createLabMistakes(): LabMistakes {
  const on = new Set<MistakeId>();
  return {
    get enabled() {
      return MISTAKE_IDS.filter((mistake) => on.has(mistake));
    },
    has: (mistake) => on.has(mistake),
    set(mistake, enabled) {
      if (enabled) on.add(mistake);
      else on.delete(mistake);
    },
    reset: () => on.clear(),
  };
}

export interface AvailableMistake {
  id: MistakeId;
  title: string;
  description: string;
  /** So a client can say which verdict a mistake predicts, not only that the profile changed. */
  checkEffects: Partial<Record<CheckId, CheckStatus>>;
}

/** The mistakes an instructor can switch on for a stage, for the UI's toggles. */
export function availableMistakes(policy: StagePolicy): AvailableMistake[] {
  return MISTAKE_IDS.filter((id) => MISTAKES[id].appliesTo(policy)).map((id) => {
    const { title, description, checkEffects } = MISTAKES[id];
    return { id, title, description, checkEffects };
  });
}

/** The stage's expected attack outcomes with the effects of the mistakes that are on. */
export function withMistakeEffects(expected: ExpectedAttackProfile, mistakes: readonly MistakeId[]): ExpectedAttackProfile {
  return Object.assign({}, expected, ...mistakes.map((mistake) => MISTAKES[mistake].attackEffects)) as ExpectedAttackProfile;
}

/** The stage's expected check verdicts with the effects of the mistakes that are on. */
export function withMistakeCheckEffects(expected: ExpectedProfile, mistakes: readonly MistakeId[]): ExpectedProfile {
  return Object.assign({}, expected, ...mistakes.map((mistake) => MISTAKES[mistake].checkEffects)) as ExpectedProfile;
}

export interface LabJWTOptions extends StageJWTOptions {
  audience: string;
  key: KeyObject;
  clock: Clock;
}

/**
 * The JWT service a stage gets: the real one, unless an instructor switched a mistake on.
 * Decided per call, so a toggle takes effect at once, without a restart.
 */
export function createLabJWTService(options: LabJWTOptions, mistakes: LabMistakes): JWTService {
  const weakKey = createSecretKey(Buffer.from(WEAK_JWT_SECRET, 'utf8'));
  const secure = createJWTService(options);
  const weak = createJWTService({ ...options, key: weakKey });
  const current = (): JWTService => (mistakes.has('weak-jwt-secret') ? weak : secure);

  return {
    ttlSeconds: options.ttlSeconds,
    issue: (claims) => current().issue(claims),
    // The mistake: everything is checked as before, except whether the token has expired.
    verify: (token) => current().verify(token, { checkExpiry: !mistakes.has('skip-exp-check') }),
    forget: () => {
      secure.forget();
      weak.forget();
    },
  };
}

/**
 * The lockout a stage gets: the real one, unless an instructor brought back check-then-count.
 * Decided per attempt, so a toggle takes effect at once.
 */
export function createLabLockoutPolicy(options: LockoutPolicyOptions, mistakes: LabMistakes): LockoutPolicy {
  const secure = createLockoutPolicy(options);
  const { store, clock, ...settings } = options;
  const now = clock ?? systemClock;
  return {
    ...settings,
    status: (username) => secure.status(username),
    sweep: () => secure.sweep(),
    async beginAttempt(username) {
      if (!mistakes.has('check-then-count')) return secure.beginAttempt(username);
      // The mistake: look at the lock now, count the failure once the password has been checked.
      // Every guess that arrives while others are still being hashed passes the same look.
      const status = await secure.status(username);
      if (status.locked) return status;
      return {
        locked: false,
        succeeded: () => store.update(username, () => undefined),
        failed: () => store.update(username, (state) => withFailure(settings, currentLockoutState(settings, state, now()), now())),
      };
    },
  };
}
