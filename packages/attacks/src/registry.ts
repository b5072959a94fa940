import { ATTACK_IDS, type AttackId } from '@authlab/contract';
import type { Attack } from './attack.ts';
import { basicSniffing } from './attacks/basic-sniffing.ts';
import { breachCrack } from './attacks/breach-crack.ts';
import { bruteForce } from './attacks/brute-force.ts';
import { forgedJWT } from './attacks/forged-jwt.ts';
import { messageEnumeration } from './attacks/message-enumeration.ts';
import { parallelGuessing } from './attacks/parallel-guessing.ts';
import { passwordSpraying } from './attacks/password-spraying.ts';
import { timingEnumeration } from './attacks/timing-enumeration.ts';
import { tokenReplay } from './attacks/token-replay.ts';

/** One attack per id: leaving an attack out, or naming an id twice, is a compile error. */
const BY_ID = {
  'brute-force': bruteForce,
  'parallel-guessing': parallelGuessing,
  'password-spraying': passwordSpraying,
  'message-enumeration': messageEnumeration,
  'timing-enumeration': timingEnumeration,
  'breach-crack': breachCrack,
  'basic-sniffing': basicSniffing,
  'token-replay': tokenReplay,
  'forged-jwt': forgedJWT,
} as const satisfies Record<AttackId, Attack>;

/** Every attack, in ATTACK_IDS order. */
export const ATTACKS: readonly Attack[] = ATTACK_IDS.map((id) => BY_ID[id]);

export function getAttack(id: AttackId): Attack {
  return BY_ID[id];
}
