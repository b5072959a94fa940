export { ATTACK_IDS, ATTACK_OUTCOMES, OUTCOME_SIDE, isAttackId, type AttackId, type AttackOutcome, type ExpectedAttackProfile, type OutcomeSide } from './outcome.ts';
export type { AttackProgress, AttackResult, AttemptPoint, TimingSamples } from './attack.ts';
export { ATTACKS, getAttack } from './registry.ts';
export { mismatches, runMatrix, type MatrixCell } from './run.ts';
export { createAttackTarget, type AttackTarget, type StageDescription } from './target.ts';
export { WORDLIST } from './wordlist.ts';
export { strongPassword } from './random.ts';
export { formatDuration } from './stats.ts';
export { isWireCapture, type TLSContentType, type TLSRecordSummary, type WireCapture, type WireTransport } from './wire.ts';
