/** Every attack in the lab, in the order the course meets the mistakes they exploit. */
export const ATTACK_IDS = [
  'brute-force',
  'parallel-guessing',
  'password-spraying',
  'message-enumeration',
  'timing-enumeration',
  'breach-crack',
  'basic-sniffing',
  'token-replay',
  'forged-jwt',
] as const;

export type AttackId = (typeof ATTACK_IDS)[number];

/**
 * How an attack ended, in words a class can read off a slide:
 * - `cracked`: the attacker got in: a password guessed or recovered, a forged token accepted.
 * - `exposed`: a secret lay in the open, or a stolen credential kept working.
 * - `slowed`: nothing fell within the budget, only because every guess is expensive (bcrypt).
 * - `locked-out`: the account locked before the guess that mattered.
 * - `rate-limited`: the per-client rate limit cut the attacker off.
 * - `refused`: the stage gave nothing away and refused every forged or stale credential.
 * - `not-applicable`: the stage lacks what the attack aims at (no JWTs, no Basic auth).
 */
export const ATTACK_OUTCOMES = ['cracked', 'exposed', 'slowed', 'locked-out', 'rate-limited', 'refused', 'not-applicable'] as const;

export type AttackOutcome = (typeof ATTACK_OUTCOMES)[number];

/** Who won, for colouring a matrix cell. */
export type OutcomeSide = 'attacker' | 'partial' | 'defender' | 'none';

export const OUTCOME_SIDE: Readonly<Record<AttackOutcome, OutcomeSide>> = {
  cracked: 'attacker',
  exposed: 'attacker',
  slowed: 'partial',
  'locked-out': 'defender',
  'rate-limited': 'defender',
  refused: 'defender',
  'not-applicable': 'none',
};

/** What a stage claims every attack will achieve against it: its expected attack profile. */
export type ExpectedAttackProfile = Readonly<Record<AttackId, AttackOutcome>>;

export function isAttackId(value: string): value is AttackId {
  return (ATTACK_IDS as readonly string[]).includes(value);
}
