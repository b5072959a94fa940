export { CHECK_IDS, type CheckId, type CheckStatus, type ExpectedProfile } from './verdict.ts';
