export { ATTACK_IDS, ATTACK_OUTCOMES, OUTCOME_SIDE, isAttackId, type AttackId, type AttackOutcome, type ExpectedAttackProfile, type OutcomeSide } from './attack-ids.ts';
export { CHECK_IDS, isCheckId, type CheckId, type CheckStatus, type ExpectedProfile } from './check-ids.ts';
export { checkReportFileSchema, expectedVerdictsSchema, type CheckReportFile } from './check-report.ts';
export {
  readTargetPolicy,
  stageDescriptionSchema,
  stageListSchema,
  type StageDescription,
  type StageInfo,
  type StagePolicy,
  type TargetDescription,
  type TargetPolicy,
} from './stage-description.ts';
export {
  createDescribedTarget,
  createStageTarget,
  fetchInWorkspace,
  type ApiTarget,
  type DescribedTarget,
  type StageTarget,
  type UnrestrictedAnswer,
  type UnrestrictedRequest,
} from './target.ts';
export { decodeBasicAuthorization, encodeBasicAuthorization } from './basic.ts';
export { alterOpaqueToken, base64UrlEncode, decodeJWT, tamperJWTPayload, unsignedJWT } from './jwt.ts';
export { OWASP_ARGON2ID, OWASP_ARGON2_MINIMUMS, describeArgon2, meetsOWASPMinimum, parseArgon2, type Argon2Parts } from './argon2.ts';
export { MAX_TIMING_PAIRS, median, timingAnswerSoFar, timingsMatch } from './timing.ts';
export { STAGE_LANES, inLanes, longestFirst } from './lanes.ts';
export { randomPassword, randomPasswordOfBytes, randomUsername } from './random.ts';
export { findAuthorizationHeader, isWireCapture, type TLSContentType, type TLSRecordSummary, type WireCapture, type WireTransport } from './wire.ts';
export { MIN_BCRYPT_COST, classifyStored, isSHA256Hex, parseBcrypt, type BcryptParts } from './stored-hash.ts';
export { BrowserCannotSend, TargetClient, errorOf, retryAfterOf, setCookiesOf, succeeded, type Exchange, type SendOptions, type SetCookie } from './client.ts';
export { QUIZ_PAGE_IDS, STAGE_IDS, stageSlug, type StageId } from './stages.ts';
export {
  EXERCISES,
  NO_EXERCISE_RUNS,
  exerciseRunsSchema,
  type CheckRecord,
  type Exercise,
  type ExerciseProgress,
  type ExerciseRecord,
  type ExerciseRuns,
} from './exercise-runs.ts';
export type { Verdict } from './verdict.ts';
export { fillTemplate, readApiDescription, readStoredListing, stageApiDescription, type ApiDescription, type ApiDescriptionRead } from './api-description.ts';
export { DescribedApi, type DescribedCaller } from './described-api.ts';
export { apiDescriptionStarter } from './api-description-starter.ts';
export { describeFromOpenApi, parseOpenApiText } from './from-openapi.ts';
export { isLoopback, readLoopbackURL } from './loopback-url.ts';
export {
  WORKSPACE_COOKIE,
  WORKSPACE_HEADER,
  WORKSPACE_LIMIT_HEADER,
  INSTRUCTOR_COOKIE,
  classroomCookieName,
  joinRequestSchema,
  type JoinRequest,
  resumeRequestSchema,
  instructorSignInSchema,
  joinCodeActionSchema,
  followRequestSchema,
  attackRunRequestSchema,
  type AttackRunLease,
  progressReportSchema,
  type ProgressReport,
  type ClassroomStatus,
  type StageProgress,
  type QuizProgress,
  type LearnerRow,
  type ClassSnapshot,
} from './classroom.ts';
export { holdingAttackSlot } from './attack-slot.ts';
