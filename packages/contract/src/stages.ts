/**
 * The six stages of the course, in the order a learner meets them. A stage's lesson folder
 * (`lessons/05-jwt`) and its server module (`apps/server/src/stages/05-jwt.ts`) are named from
 * its place and id, so the server, the playground and the lesson tests read one list.
 */
export const STAGE_IDS = ['plaintext', 'sha256', 'bcrypt', 'basic', 'jwt', 'lockout'] as const;

export type StageId = (typeof STAGE_IDS)[number];

/** `05-jwt`: the lesson folder, and the server module without its `.ts`. */
export function stageSlug(id: StageId): string {
  return `${String(STAGE_IDS.indexOf(id) + 1).padStart(2, '0')}-${id}`;
}

/** The playground pages that end with a quiz (lessons/<folder>/quiz.json): the classroom takes scores for these. */
export const QUIZ_PAGE_IDS = ['intro', ...STAGE_IDS, 'whats-next'] as const;
