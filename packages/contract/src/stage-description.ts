import { z } from 'zod';
import { ATTACK_IDS, ATTACK_OUTCOMES } from './attack-ids.ts';
import { CHECK_IDS, CHECK_STATUSES } from './check-ids.ts';
import { STAGE_IDS } from './stages.ts';
import { WIRE_TRANSPORTS } from './wire.ts';

/**
 * `GET /api/stages/:stage`: what a stage says about itself, so that every client (the
 * playground, the practice checks, the attack lab) reads its numbers instead of hard-coding them.
 * The server's answer is held to these schemas by a test; `null` means "this stage does not have it".
 */

const seconds = z.number().int().nonnegative();
const perClientLimit = <Route extends string>(route: Route) =>
  z.strictObject({ scope: z.literal('client-ip'), route: z.literal(route), limit: z.number().int().positive(), windowSeconds: seconds });

export const stagePolicySchema = z.strictObject({
  passwordStorage: z.strictObject({ scheme: z.enum(['plain', 'sha256', 'bcrypt']), salted: z.boolean(), cost: z.number().int().nullable() }),
  /** How a request to `/records` proves who it is. */
  authentication: z.enum(['session-token', 'basic', 'jwt']),
  accessToken: z.strictObject({ kind: z.enum(['opaque', 'jwt']), ttlSeconds: seconds.nullable(), algorithm: z.literal('HS256').nullable() }).nullable(),
  /** `familyLifetimeSeconds`: how long one login's chain of rotated refresh tokens may live in all. */
  refreshToken: z.strictObject({ singleUse: z.boolean(), ttlSeconds: seconds, familyLifetimeSeconds: seconds }).nullable(),
  /**
   * The browser session of `/cookie/login`: the cookie's attributes, and what (if anything) keeps
   * other sites from sending requests that carry it (`fetch-metadata`: Sec-Fetch-Site and Origin
   * must name this site, and bodies must be JSON).
   */
  cookieSession: z
    .strictObject({
      cookieName: z.string(),
      httpOnly: z.boolean(),
      secure: z.boolean(),
      sameSite: z.enum(['Strict', 'Lax', 'None']),
      csrfDefence: z.enum(['none', 'fetch-metadata']),
      ttlSeconds: seconds,
    })
    .nullable(),
  loginErrors: z.enum(['distinct', 'generic']),
  /** Whether unknown usernames cost as much time as known ones. */
  equalTiming: z.boolean(),
  /** Each further lock in a run lasts twice as long as the one before, from `lockSeconds` up to `maxLockSeconds`. */
  lockout: z
    .strictObject({ maxFailures: z.number().int().positive(), windowSeconds: seconds, lockSeconds: seconds, maxLockSeconds: seconds, growth: z.literal('doubling') })
    .nullable(),
  rateLimit: perClientLimit('login').nullable(),
  registrationRateLimit: perClientLimit('register').nullable(),
  /** NIST SP 800-63B-4 numbers for a single-factor password. */
  passwordPolicy: z
    .strictObject({
      minLength: z.number().int().positive(),
      maxBytes: z.number().int().positive(),
      normalization: z.literal('NFC'),
      blocklistSize: z.number().int().nonnegative(),
      commonWordsSize: z.number().int().nonnegative(),
      serviceName: z.string(),
      usernameCheckMinLength: z.number().int().positive(),
    })
    .nullable(),
});

/** What a stage is built to do: chosen by the stage module, before the lab adds its demo state. */
export type StagePolicy = z.infer<typeof stagePolicySchema>;

export const stageInfoSchema = z.strictObject({
  id: z.enum(STAGE_IDS),
  order: z.number().int().positive(),
  title: z.string(),
  summary: z.string(),
});

export type StageInfo = z.infer<typeof stageInfoSchema>;

// z.record over an enum demands every key: a profile that forgets a check or an attack is refused.
const expectedChecksSchema = z.record(z.enum(CHECK_IDS), z.enum(CHECK_STATUSES));
const expectedAttacksSchema = z.record(z.enum(ATTACK_IDS), z.enum(ATTACK_OUTCOMES));

/** A mistake an instructor can switch back on in this stage, for a live demonstration. */
const labMistakeSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** The practice-check verdicts this mistake changes while on, e.g. `{ 'token-expires': 'fail' }`. */
  checkEffects: z.partialRecord(z.enum(CHECK_IDS), z.enum(CHECK_STATUSES)),
});

export const stageDescriptionSchema = z.strictObject({
  ...stageInfoSchema.shape,
  /** The policy as the stage runs right now: an instructor's re-introduced mistakes are part of it. */
  policy: z.strictObject({ ...stagePolicySchema.shape, mistakes: z.array(z.string()) }),
  /** What every practice check should find on the stage right now, mistakes included. */
  expectedChecks: expectedChecksSchema,
  /** What every attack should achieve on the stage right now, mistakes and transport included. */
  expectedAttacks: expectedAttacksSchema,
  lab: z.strictObject({
    /** How far the demo clock is ahead of real time. */
    clockOffsetSeconds: z.number(),
    /** Instructor mistakes switched on right now. */
    mistakes: z.array(z.string()),
    /** The mistakes this stage can be switched to, for the instructor's toggles. */
    availableMistakes: z.array(labMistakeSchema),
    /** How the lab is served: over `https` a sniffer on the path reads only TLS records. */
    transport: z.enum(WIRE_TRANSPORTS),
  }),
});

export type StageDescription = z.infer<typeof stageDescriptionSchema>;

/** `GET /api/stages`. */
export const stageListSchema = z.strictObject({ stages: z.array(stageDescriptionSchema) });

/**
 * The parts of a policy a client reads from any target, all optional: the learner's exercises
 * and foreign APIs publish only some of them, or none. Parsed, not trusted: a policy with a
 * field in the wrong shape is not known at all, so the checks treat the target as one that
 * publishes nothing (a reset before every check) instead of reading a limit as absent.
 */
export const targetPolicySchema = z.object({
  passwordStorage: z.object({ scheme: z.string(), salted: z.boolean().optional(), cost: z.number().nullable().optional() }).nullable().optional(),
  authentication: z.enum(['session-token', 'basic', 'jwt']).optional(),
  accessToken: z
    .object({ kind: z.enum(['opaque', 'jwt']).optional(), ttlSeconds: z.number().nullable() })
    .nullable()
    .optional(),
  loginErrors: z.enum(['distinct', 'generic']).optional(),
  lockout: z.object({ maxFailures: z.number().int().positive(), windowSeconds: seconds, lockSeconds: seconds }).nullable().optional(),
  rateLimit: z.object({ limit: z.number().int().positive(), windowSeconds: seconds }).nullable().optional(),
  registrationRateLimit: z.object({ limit: z.number().int().positive(), windowSeconds: seconds }).nullable().optional(),
  /** Mistakes an instructor switched back on for a demo; empty normally. */
  mistakes: z.array(z.string()).optional(),
});

export type TargetPolicy = z.infer<typeof targetPolicySchema>;

/** Reads the `policy` of a description body; an unreadable one is unknown: `{}`. */
export function readTargetPolicy(body: unknown): TargetPolicy {
  const policy = typeof body === 'object' && body !== null && 'policy' in body ? body.policy : undefined;
  const parsed = targetPolicySchema.safeParse(policy);
  return parsed.success ? parsed.data : {};
}

/**
 * A description as a client reads it from a target it is about to test: the id, the title and
 * the policy it steers by; what the lab adds is optional, with the defaults of a lab that has
 * changed nothing, and a part it cannot read reads as that default. Stricter than this, a
 * client could not test a learner's exercise.
 */
export const targetDescriptionSchema = z.object({
  id: z.string(),
  title: z.string(),
  policy: targetPolicySchema.catch({}),
  // A profile that is not complete and exact is no profile: nothing is compared against it.
  expectedChecks: expectedChecksSchema.optional().catch(undefined),
  expectedAttacks: expectedAttacksSchema.optional().catch(undefined),
  lab: z
    .object({
      clockOffsetSeconds: z.number().catch(0),
      mistakes: z.array(z.string()).catch([]),
      availableMistakes: z
        .array(z.object({ id: z.string(), title: z.string(), description: z.string(), checkEffects: z.partialRecord(z.enum(CHECK_IDS), z.enum(CHECK_STATUSES)).catch({}) }))
        .catch([]),
      transport: z.enum(WIRE_TRANSPORTS).catch('http'),
    })
    .catch({ clockOffsetSeconds: 0, mistakes: [], availableMistakes: [], transport: 'http' }),
});

export type TargetDescription = z.infer<typeof targetDescriptionSchema>;
