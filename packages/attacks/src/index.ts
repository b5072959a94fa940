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
export { WORDLIST } from './wordlist.ts';
export { crackSHA256, crackSlowHashes, sha256Hex, sharedValues, type CrackedPassword, type CrackRun } from './crack-hashes.ts';
export { GuessRateCache, measureGuessRates, type GuessRate, type GuessRates, type GuessRateOptions, type SharedGuessRates } from './guess-rates.ts';
export { argon2idMatches, type Argon2idCost } from './argon2id-guess.ts';
export { crackHS256Secret, signHS256, type SecretSearch } from './jwt-forgery.ts';
export { formatDuration } from './stats.ts';
