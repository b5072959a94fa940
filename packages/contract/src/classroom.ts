/**
 * Classroom mode: one lesson server for a whole class, each learner in a workspace of their own.
 * What the playground, the CLIs and the server agree on: the names of the credentials, the
 * bodies of the classroom routes and the dashboard's snapshot. Browser-safe.
 */
import { z } from 'zod';
import { ATTACK_IDS } from './attack-ids.ts';
import { CHECK_IDS } from './check-ids.ts';
import { QUIZ_PAGE_IDS, STAGE_IDS } from './stages.ts';

/**
 * The learner's workspace token in the browser: HttpOnly, SameSite=Strict, Path=/. Over HTTPS it
 * is named with the `__Host-` prefix (see classroomCookieName).
 */
export const WORKSPACE_COOKIE = 'authlab_workspace';
/** The same token from a terminal (`--workspace`, AUTHLAB_WORKSPACE) and from the lab's own relay. */
export const WORKSPACE_HEADER = 'AuthLab-Workspace';
/**
 * On every 429 the classroom's own caps send (`busy`: wait a moment; `full`: too many accounts).
 * A 429 is also what a stage's rate limiter answers, and the practice checks and attacks judge
 * that one: with this header, they (and a learner reading the answer) can tell the classroom's
 * fair share from the lesson.
 */
export const WORKSPACE_LIMIT_HEADER = 'AuthLab-Workspace-Limit';
/** The instructor's session in the browser, given in exchange for the one-time instructor link. */
export const INSTRUCTOR_COOKIE = 'authlab_instructor';

/**
 * A classroom cookie's name as set and read over this transport. Over HTTPS it carries the
 * `__Host-` prefix, which browsers accept only from a secure origin, for the exact host, with
 * `Path=/` and no `Domain` (RFC 6265bis): a sibling subdomain or a plain-HTTP page cannot plant
 * one to slip a learner into a workspace of its choosing.
 */
export function classroomCookieName(name: string, secure: boolean): string {
  return secure ? `__Host-${name}` : name;
}

/**
 * A name a classmate will read on the instructor's screen: printable text only. Control and
 * format characters (bidi overrides, zero-width joiners) could reorder or hide what the
 * instructor sees, so they are refused rather than stripped.
 */
const displayNameSchema = z
  .string('displayName must be a string')
  .transform((name) => name.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, 'displayName must not be empty')
      .max(40, 'displayName must be at most 40 characters')
      .regex(/^[^\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]+$/u, 'displayName must be printable text (no control or invisible formatting characters)')
      // Fillers and blanks (Hangul fillers, the braille blank) show as nothing; piles of combining marks as a smear.
      .regex(/^[^\u115F\u1160\u3164\uFFA0\u2800]+$/u, 'displayName must be printable text (no invisible filler characters)')
      .regex(/[\p{L}\p{N}]/u, 'displayName must contain a letter or a digit')
      .refine((name) => !/\p{M}{4,}/u.test(name), 'displayName must not stack more than three combining marks'),
  );

/** Tokens and secrets are base64url (a workspace token two parts of it, joined by a dot); anything longer than any we issue is refused before it is hashed. */
const credentialSchema = (name: string) =>
  z
    .string(`${name} must be a string`)
    .max(128, `${name} is too long`)
    .regex(/^[A-Za-z0-9_.-]*$/, `${name} must be base64url`);

/** `POST /api/classroom/join` */
export const joinRequestSchema = z.strictObject({
  displayName: displayNameSchema,
  joinCode: z.string('joinCode must be a string').max(64, 'joinCode is too long'),
});
export type JoinRequest = z.input<typeof joinRequestSchema>;

/**
 * `POST /api/classroom/resume`: the token of a resume link, to bind to this browser. Without
 * `replace: true` the lab only answers `409 confirm_resume`, naming whose workspace the link
 * opens: the page asks the learner before it sends the token again with `replace: true`.
 */
export const resumeRequestSchema = z.strictObject({ token: credentialSchema('token'), replace: z.boolean('replace must be true or false').optional() });

/** `POST /api/classroom/instructor/session`: the secret of the instructor link. */
export const instructorSignInSchema = z.strictObject({ secret: credentialSchema('secret') });

/** `POST /api/classroom/instructor/join-code` */
export const joinCodeActionSchema = z.strictObject({ action: z.enum(['rotate', 'close'], 'action must be rotate or close') });

/** `POST /api/classroom/instructor/follow`: the stage the instructor is on, or null to stop. */
export const followRequestSchema = z.strictObject({ stage: z.enum(STAGE_IDS, 'stage must be a stage id').nullable() });

/**
 * `POST /api/classroom/attack-runs`: the workspace's one attack slot, asked for by the attack
 * lab and the attack CLI before a run, renewed while it lasts (`POST …/attack-runs/<id>/renew`)
 * and given back after it (`POST …/attack-runs/<id>/end`).
 * Two runs at once in one workspace would reset each other's stage and double its load.
 */
export const attackRunRequestSchema = z.strictObject({
  /** `all` for a whole matrix run, which holds the slot until its last cell. */
  attack: z.enum([...ATTACK_IDS, 'all'], 'attack must be an attack id or all'),
  stage: z.enum([...STAGE_IDS, 'all'], 'stage must be a stage id or all'),
});

/** What `POST /api/classroom/attack-runs` answers: the slot, held until it is ended or `until` passes. */
export interface AttackRunLease {
  id: string;
  until: string;
}

const lessonIdSchema = z.enum(QUIZ_PAGE_IDS, 'lesson must be a page with a quiz');

/** `POST /api/classroom/progress`: what the learner's browser saw, for the instructor's table. */
export const progressReportSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('checks'),
      stage: z.enum(STAGE_IDS, 'stage must be a stage id'),
      /** The verdict of each check that ran to the end. */
      verdicts: z.partialRecord(z.enum(CHECK_IDS), z.enum(['pass', 'fail', 'n/a'])),
    }),
    z.strictObject({
      kind: z.literal('quiz'),
      lesson: lessonIdSchema,
      correct: z.int().min(0).max(100),
      total: z.int().min(1).max(100),
    }),
  ],
  'kind must be checks or quiz',
);
export type ProgressReport = z.input<typeof progressReportSchema>;

/** `GET /api/classroom` (and each `status` event of `GET /api/classroom/events`). */
export type ClassroomStatus =
  | { mode: 'local' }
  | {
      mode: 'classroom';
      joinOpen: boolean;
      /** The stage the instructor asks everyone to look at, or null. */
      follow: string | null;
      idleDeleteHours: number;
      /** This browser's workspace, or null before joining. */
      learner: { displayName: string; joinedAt: string; deletesAfterIdleAt: string } | null;
      /** Whether this browser holds an instructor session. */
      instructor: boolean;
    };

/** What a learner's run of one stage's checks came to. */
export interface StageProgress {
  pass: number;
  fail: number;
  notApplicable: number;
  /** Ids of the checks that passed. */
  passed: string[];
  at: string;
}

export interface QuizProgress {
  correct: number;
  total: number;
  at: string;
}

export interface LearnerRow {
  /** The dashboard's handle on the workspace; never the learner's token. */
  id: string;
  displayName: string;
  joinedAt: string;
  lastActiveAt: string;
  /** When the workspace and its data are deleted unless the learner comes back. */
  deletesAt: string;
  stages: Partial<Record<string, StageProgress>>;
  quizzes: Partial<Record<string, QuizProgress>>;
  /** The attack running in the workspace right now, if any. */
  attacking: { attack: string; stage: string } | null;
}

/** `GET /api/classroom/instructor/class` and each `class` event of `…/instructor/events`. */
export interface ClassSnapshot {
  /** Null once the instructor closes joining. */
  joinCode: string | null;
  /** The link a learner opens, with the join code in its fragment; null while joining is closed. */
  classLink: string | null;
  follow: string | null;
  idleDeleteHours: number;
  learners: LearnerRow[];
}
