import { z } from 'zod';
import { CHECK_IDS, CHECK_STATUSES } from './check-ids.ts';

/**
 * What `npm run check -- --url … --api … --json` prints: one run of the practice checks against
 * a learner's own API, self-describing, so the playground can import it and a course can keep it.
 */

const exchangeSchema = z.object({
  request: z.object({ method: z.string(), path: z.string(), headers: z.record(z.string(), z.string()), body: z.unknown().optional() }),
  response: z.object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
  durationMs: z.number(),
});

const checkReportEntrySchema = z.object({
  id: z.enum(CHECK_IDS),
  title: z.string(),
  hint: z.string(),
  status: z.enum(CHECK_STATUSES),
  /** What the learner's or the course's `--expect` file says it should be. */
  expected: z.enum(CHECK_STATUSES).optional(),
  /** Requests the check sent, retries after 429 included. */
  requests: z.number().int().nonnegative(),
  evidence: z.object({ explanation: z.string(), exchanges: z.array(exchangeSchema), measurements: z.record(z.string(), z.number()).optional() }),
});

export const checkReportFileSchema = z.object({
  format: z.literal('authlab-check-report'),
  version: z.literal(1),
  target: z.object({ name: z.string().optional(), url: z.string() }),
  startedAt: z.string(),
  /** Seconds spent waiting out the API's 429 answers. */
  waitedSeconds: z.number().nonnegative(),
  results: z.array(checkReportEntrySchema),
});

export type CheckReportFile = z.infer<typeof checkReportFileSchema>;

/** What `--expect expected.json` holds: the verdict a course expects from each check it names. */
export const expectedVerdictsSchema = z.partialRecord(z.enum(CHECK_IDS), z.enum(CHECK_STATUSES));
