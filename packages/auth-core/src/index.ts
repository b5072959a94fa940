export { systemClock, type Clock } from './clock.ts';
export { timingSafeEqualStrings } from './timing.ts';
export {
  BCRYPT_MAX_PASSWORD_BYTES,
  MIN_BCRYPT_COST,
  bcryptCostOf,
  createBcryptHasher,
  createPlainHasher,
  createSHA256Hasher,
  type BcryptHasherOptions,
  type PasswordHasher,
  type PasswordScheme,
} from './password.ts';
export { OWASP_ARGON2ID, argon2idParametersOf, createArgon2idHasher, type Argon2idParameters } from './password-argon2id.ts';
export { storedSchemeOf, verifyAndRehash, type RehashResult, type VerifyAndRehashOptions } from './password-rehash.ts';
export { createDummyHash, type DummyHash } from './dummy-hash.ts';
export { SESSION_TOKEN_BYTES, createSessionToken, hashSessionToken } from './session-token.ts';
export {
  MIN_JWT_SECRET_BYTES,
  createJWTKey,
  createJWTService,
  generateJWTSecret,
  type AccessClaims,
  type JWTOptions,
  type JWTService,
  type VerifiedAccessToken,
  type VerifyOptions,
  type VerifyResult,
} from './jwt.ts';
export { createKeyPairJWTIssuer, createKeyPairJWTVerifier, generateSigningKeyPair, publicJWKS, type SigningKeyPair } from './jwt-key-pair.ts';
export {
  createMemoryRefreshTokenStore,
  createRefreshRotation,
  type IssuedRefreshToken,
  type RefreshRotation,
  type RefreshRotationOptions,
  type RefreshTokenRecord,
  type RefreshTokenStore,
  type RotateResult,
} from './refresh.ts';
export {
  createLockoutPolicy,
  createMemoryLockoutStore,
  currentLockoutState,
  lockDurationSeconds,
  lockStatusOf,
  withFailure,
  type AdmittedAttempt,
  type LockStatus,
  type LockoutPolicy,
  type LockoutPolicyOptions,
  type LockoutSettings,
  type LockoutState,
  type LockoutStore,
  type LoginAttempt,
} from './lockout.ts';
export {
  PASSWORD_POLICY,
  RECOMMENDED_MAX_LENGTH,
  checkPasswordPolicy,
  exceedsBcryptLimit,
  findPasswordVariant,
  maxCharactersFor,
  normalizePassword,
  passwordLength,
  type PasswordPolicyCode,
  type PasswordPolicyResult,
  type PasswordPolicyRules,
} from './password-policy.ts';
export type { PasswordVariant, PasswordVariantKind } from './password-variants.ts';
