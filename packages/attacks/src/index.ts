export type { AttackProgress, AttackResult, AttemptPoint, TimingSamples } from './attack.ts';
export { ATTACKS, getAttack } from './registry.ts';
export { mismatches, runMatrix, type MatrixCell } from './run.ts';
export { WORDLIST } from './wordlist.ts';
export { formatDuration } from './stats.ts';
export { hasAllowance, measureAllowance, type AllowanceMeasurement, type AllowanceProgress } from './allowance.ts';
export { describeAllowance } from './allowance-figure.ts';
