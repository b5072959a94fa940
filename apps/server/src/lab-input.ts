/** The bodies of the lab's own routes (lab-routes.ts): kept apart so the stages' input.ts knows nothing of the lab. */
import { z } from 'zod';
import { credentialsSchema } from './input.ts';
import { MISTAKE_IDS } from './lab-mistakes.ts';

/**
 * A user as an older release of the stage would have stored them: bcrypt at a lower cost.
 * Without `cost`, the lab picks two below the stage's own.
 */
export const legacyUserSchema = credentialsSchema.extend({
  cost: z.number().int('cost must be a whole number').min(4, 'cost must be at least 4').max(31, 'cost must be at most 31').optional(),
});

/** Moves a stage's demo clock forward, by at most a year at a time, or back to the stage's own time. */
export const clockAdvanceSchema = z.union([
  z.strictObject({
    advanceSeconds: z
      .number()
      .int('advanceSeconds must be a whole number')
      .min(1)
      .max(366 * 24 * 60 * 60),
  }),
  z.strictObject({ reset: z.literal(true) }),
]);

/** Switches one named instructor mistake on or off. */
export const mistakeToggleSchema = z.strictObject({
  mistake: z.enum(MISTAKE_IDS, `mistake must be one of ${MISTAKE_IDS.join(', ')}`),
  enabled: z.boolean('enabled must be true or false'),
});

/**
 * The Authorization header a sniffed victim sends. Visible ASCII and spaces only, because
 * anything else (a CR/LF above all) could not travel as one header line.
 */
export const sniffSchema = z.strictObject({
  authorization: z
    .string()
    .min(1, 'authorization must not be empty')
    .max(4096, 'authorization must be at most 4096 characters')
    .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, 'authorization must be printable ASCII without leading or trailing spaces'),
});
