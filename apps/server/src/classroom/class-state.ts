import { randomInt } from 'node:crypto';
import type { StageId } from '@authlab/contract';
import { digestOf, matchesAnyDigest, matchesDigest, randomSecret } from './secrets.ts';

/**
 * What the instructor controls: the join code, the stage everyone is asked to follow, and who
 * the instructor is. The instructor's one-time links and sessions are kept as digests only, so
 * neither the process's memory nor its logs hold a usable secret.
 */

/** No 0/O, 1/I/L: read aloud or copied from a projector, a code must survive. */
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const JOIN_CODE_LENGTH = 8;
/** One-time links not yet used; a new one past this pushes out the oldest. */
const MAX_UNUSED_LINKS = 20;
/** An instructor stays signed in for a teaching day; then a new link is needed. */
const INSTRUCTOR_SESSION_MS = 12 * 60 * 60 * 1000;

export interface ClassState {
  /** `ABCD-EFGH`, or null while joining is closed. */
  readonly joinCode: string | null;
  /** Whether `attempt` is the current code, ignoring case, spaces and dashes; always false while closed. */
  acceptsJoinCode(attempt: string): boolean;
  rotateJoinCode(): void;
  closeJoining(): void;
  readonly follow: StageId | null;
  setFollow(stage: StageId | null): void;
  /** A new one-time secret for an instructor link; only its digest is kept. */
  issueInstructorSecret(): string;
  /** Spends a one-time secret and answers a session token for the instructor's cookie; undefined for anything else. */
  redeemInstructorSecret(secret: string): string | undefined;
  isInstructor(sessionToken: string): boolean;
}

export function createClassState(options: { clock: () => number; onChange: () => void }): ClassState {
  let joinCodeDigest: Buffer | undefined;
  let joinCode: string | null = null;
  let follow: StageId | null = null;
  const unusedSecrets = new Set<Buffer>();
  const sessions = new Map<Buffer, number>();

  function rotateJoinCode(): void {
    const letters = Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
    joinCode = `${letters.slice(0, 4)}-${letters.slice(4)}`;
    joinCodeDigest = digestOf(letters);
    options.onChange();
  }
  rotateJoinCode();

  return {
    get joinCode() {
      return joinCode;
    },
    acceptsJoinCode(attempt) {
      if (joinCodeDigest === undefined) return false;
      return matchesDigest(attempt.toUpperCase().replace(/[\s-]/g, ''), joinCodeDigest);
    },
    rotateJoinCode,
    closeJoining() {
      joinCode = null;
      joinCodeDigest = undefined;
      options.onChange();
    },
    get follow() {
      return follow;
    },
    setFollow(stage) {
      follow = stage;
      options.onChange();
    },
    issueInstructorSecret() {
      const secret = randomSecret();
      unusedSecrets.add(digestOf(secret));
      // A Set iterates in insertion order: the first is the oldest.
      if (unusedSecrets.size > MAX_UNUSED_LINKS) unusedSecrets.delete(unusedSecrets.values().next().value as Buffer);
      return secret;
    },
    redeemInstructorSecret(secret) {
      const digest = matchesAnyDigest(secret, unusedSecrets);
      if (digest === undefined) return undefined;
      unusedSecrets.delete(digest);
      const session = randomSecret();
      sessions.set(digestOf(session), options.clock() + INSTRUCTOR_SESSION_MS);
      return session;
    },
    isInstructor(sessionToken) {
      const now = options.clock();
      for (const [digest, expiresAtMs] of sessions) if (expiresAtMs <= now) sessions.delete(digest);
      return matchesAnyDigest(sessionToken, sessions.keys()) !== undefined;
    },
  };
}
