import { OWASP_ARGON2ID } from '@authlab/auth-core';
import { OWASP_ARGON2ID as CHECKED_ARGON2ID, OWASP_ARGON2_MINIMUMS } from '@authlab/checks';
import { DEFAULT_SETTINGS, STAGES } from '@authlab/server/stages';
import { describe, expect, it } from 'vitest';
import { readLessonFile } from './parse.ts';

/**
 * The numbers a lesson states are the numbers its stage publishes in `policy`, read from the
 * stage module with the production settings. Change a setting and the lesson that quotes it
 * fails here until its text is brought up to date.
 */
type Policy = ReturnType<(typeof STAGES)[number]['policy']>;

const policyOf = (id: string): Policy => {
  const stage = STAGES.find((candidate) => candidate.info.id === id);
  if (stage === undefined) throw new Error(`no stage ${id}`);
  return stage.policy(DEFAULT_SETTINGS);
};
const minutes = (seconds: number): number => seconds / 60;
const hours = (seconds: number): number => seconds / 3600;
const days = (seconds: number): number => seconds / 86_400;
const ORDINALS: Readonly<Record<number, string>> = { 3: 'third', 4: 'fourth', 5: 'fifth', 6: 'sixth', 10: 'tenth' };
/** Lesson text wraps lines anywhere: compare with runs of whitespace made single spaces. */
const lessonText = (folder: string): string => readLessonFile(folder, 'lesson.md').replace(/\s+/g, ' ');

const CLAIMS: readonly { folder: string; stage: string; claims: (policy: Policy) => string[] }[] = [
  {
    folder: '03-bcrypt',
    stage: 'bcrypt',
    claims: (policy) => [`uses cost ${policy.passwordStorage.cost} by default`],
  },
  {
    folder: '05-jwt',
    stage: 'jwt',
    claims: ({ accessToken, refreshToken }) => [
      `The access token lives for ${minutes(accessToken?.ttlSeconds ?? 0)} minutes (\`expiresIn: ${accessToken?.ttlSeconds}\` seconds)`,
      `lasts ${days(refreshToken?.ttlSeconds ?? 0)} days`,
      `the family's lifetime, ${days(refreshToken?.familyLifetimeSeconds ?? 0)} days from the login`,
    ],
  },
  {
    folder: '06-lockout',
    stage: 'lockout',
    claims: ({ lockout, rateLimit, registrationRateLimit, passwordPolicy }) => [
      `Every ${ORDINALS[lockout?.maxFailures ?? 0]} failed login in a row`,
      `The first lock lasts ${minutes(lockout?.lockSeconds ?? 0)} minutes`,
      `up to ${hours(lockout?.maxLockSeconds ?? 0)} hours`,
      `remembered until ${hours(lockout?.windowSeconds ?? 0)} hours pass without a new one`,
      `gets ${rateLimit?.limit} login attempts a minute`,
      `${registrationRateLimit?.limit} registrations every ${minutes(registrationRateLimit?.windowSeconds ?? 0)} minutes`,
      `at least ${passwordPolicy?.minLength} characters, at most ${passwordPolicy?.maxBytes} bytes`,
    ],
  },
];

describe.each(CLAIMS)('the $folder lesson', ({ folder, stage, claims }) => {
  it.each(claims(policyOf(stage)))('states what the stage publishes: "%s"', (claim) => {
    expect(lessonText(folder)).toContain(claim);
  });
});


/**
 * Lesson 3 quotes OWASP's Argon2id setting; auth-core hashes with it and the checks judge by
 * it. All three must be the same numbers.
 */
describe("the 03-bcrypt lesson's Argon2id numbers", () => {
  const { memoryKiB, iterations, parallelism } = OWASP_ARGON2ID;

  it.each([`at least ${memoryKiB / 1024} MiB of memory (\`m=${memoryKiB}\`, in KiB), ${iterations} iterations (\`t=${iterations}\`) and ${parallelism} degree of parallelism (\`p=${parallelism}\`)`])(
    "states auth-core's OWASP_ARGON2ID: %s",
    (claim) => {
      expect(lessonText('03-bcrypt')).toContain(claim);
    },
  );

  it('states the range of the equal-strength settings the checks accept', () => {
    const most = OWASP_ARGON2_MINIMUMS[0];
    const least = OWASP_ARGON2_MINIMUMS[OWASP_ARGON2_MINIMUMS.length - 1];
    expect(lessonText('03-bcrypt')).toContain(`from ${Math.round((most?.memoryKiB ?? 0) / 1024)} MiB with a single pass down to ${Math.round((least?.memoryKiB ?? 0) / 1024)} MiB with five`);
    expect(least?.iterations).toBe(5);
  });

  it('is the setting the practice checks and the attack lab use', () => {
    expect(CHECKED_ARGON2ID).toEqual(OWASP_ARGON2ID);
  });
});
