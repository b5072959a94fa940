export {
  ATTACK_IDS,
  ATTACK_OUTCOMES,
  OUTCOME_SIDE,
  isAttackId,
  isAttackOutcome,
  type AttackId,
  type AttackOutcome,
  type ExpectedAttackProfile,
  type OutcomeSide,
} from './outcome.ts';
export type {
  Attack,
  AttackBudget,
  AttackProgress,
  AttackResult,
  AttackRunOptions,
  AttackSeries,
  AttemptPoint,
  Finding,
  TimingSamples,
} from './attack.ts';
export { ATTACKS, getAttack } from './registry.ts';
export { mismatches, runMatrix, type MatrixCell, type MatrixOptions } from './run.ts';
export {
  createAttackTarget,
  type AttackPolicy,
  type AttackTarget,
  type AttackTargetOptions,
  type LabMistake,
  type StageDescription,
} from './target.ts';
export { WORDLIST } from './wordlist.ts';
export { strongPassword } from './random.ts';
export { crackSHA256, crackSlowHashes, sha256Hex, sharedValues, type CrackedPassword, type CrackRun } from './crack-hashes.ts';
export { GuessRateCache, measureGuessRates, type GuessRate, type GuessRates, type GuessRateOptions, type SharedGuessRates } from './guess-rates.ts';
export { argon2idMatches, type Argon2idCost } from './argon2id-guess.ts';
export { crackHS256Secret, signHS256, type SecretSearch } from './jwt-forgery.ts';
export { decodeBasicAuthorization, type SniffedCredentials } from './basic-header.ts';
export { formatDuration } from './stats.ts';
export {
  findAuthorizationHeader,
  isWireCapture,
  type TLSContentType,
  type TLSRecordSummary,
  type WireCapture,
  type WireTransport,
} from './wire.ts';
