export type { Check, CheckResult, Evidence } from './check.ts';
export { CHECKS, getCheck } from './registry.ts';
export { mismatches, runChecks, type CheckReport, type RunOptions } from './run.ts';
export { summariseApiDescription } from './api-summary.ts';
