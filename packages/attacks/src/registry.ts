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
import { ATTACK_IDS, type AttackId } from './outcome.ts';

const ALL: readonly Attack[] = [
  bruteForce,
  parallelGuessing,
  passwordSpraying,
  messageEnumeration,
  timingEnumeration,
  breachCrack,
  basicSniffing,
  tokenReplay,
  forgedJWT,
];

/** Every attack, in ATTACK_IDS order. */
export const ATTACKS: readonly Attack[] = ATTACK_IDS.map((id) => {
  const attack = ALL.find((candidate) => candidate.id === id);
  if (attack === undefined) throw new Error(`no attack registered for ${id}`);
  return attack;
});

export function getAttack(id: AttackId): Attack {
  return ATTACKS[ATTACK_IDS.indexOf(id)] as Attack;
}
