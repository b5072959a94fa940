export { CHECK_IDS, type CheckId, type CheckStatus, type ExpectedProfile } from './verdict.ts';
export type { Check, CheckResult, Evidence } from './check.ts';
export { CHECKS, getCheck, isCheckId } from './registry.ts';
export { mismatches, runChecks, type CheckReport, type RunOptions } from './run.ts';
export { createStageTarget, type CheckTarget } from './target.ts';
export { basicAuthorization, type Exchange, type TargetPolicy } from './probe.ts';
export { base64UrlDecode, base64UrlEncode, decodeJWT, tamperJWTPayload, unsignedJWT, type DecodedJWT } from './tokens.ts';
export { classifyStored } from './checks/slow-hash.ts';
export { median, timingsMatch } from './checks/equal-timing.ts';
