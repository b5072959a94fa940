import express, { type Request } from 'express';
import { z } from 'zod';
import { HttpError } from './http-error.ts';
import { MISTAKE_IDS } from './lab-mistakes.ts';

/** Lower-cased so `Alice` and `alice` are one account, not a spoofing opportunity. */
const username = z
  .string()
  .min(3, 'username must be at least 3 characters')
  .max(32, 'username must be at most 32 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'username may use letters, digits, ".", "_" and "-" and must start with a letter or digit')
  .transform((value) => value.toLowerCase());

/**
 * Any password a person could type. Lone surrogates are refused because they cannot be
 * encoded as UTF-8 (two different strings would hash the same); NUL because C libraries
 * such as bcrypt's may stop reading there.
 */
const password = z
  .string()
  .min(1, 'password must not be empty')
  .max(1024, 'password must be at most 1024 characters')
  .refine((value) => !/\p{Surrogate}/u.test(value), 'password contains invalid Unicode')
  .refine((value) => !value.includes('\u0000'), 'password must not contain NUL characters');

export const credentialsSchema = z.strictObject({ username, password });

export const refreshSchema = z.strictObject({
  refreshToken: z.string().min(1, 'refreshToken must not be empty').max(512, 'refreshToken is too long'),
});

/** Where a password reset would be sent; RFC 5321 caps an address at 254 characters. */
export const recoveryEmailSchema = z.strictObject({
  recoveryEmail: z.email('recoveryEmail must be an e-mail address').max(254, 'recoveryEmail is too long'),
});

/**
 * A user as an older release of the stage would have stored them: bcrypt at a lower cost.
 * Without `cost`, the lab picks two below the stage's own.
 */
export const legacyUserSchema = z.strictObject({
  username,
  password,
  cost: z.number().int('cost must be a whole number').min(4, 'cost must be at least 4').max(31, 'cost must be at most 31').optional(),
});

/** Moves a stage's demo clock forward, by at most a year at a time, or back to the stage's own time. */
export const clockAdvanceSchema = z.union([
  z.strictObject({
    advanceSeconds: z.number().int('advanceSeconds must be a whole number').min(1).max(366 * 24 * 60 * 60),
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

/** Largest JSON body accepted: credentials are tiny, so anything bigger is a mistake or an attack. */
const BODY_LIMIT = '16kb';

/** Reads a JSON body into `req.body`; each stage router mounts it where bodies start to matter. */
export const jsonBody = express.json({ limit: BODY_LIMIT, strict: true });

/**
 * Reads an HTML form's body (`application/x-www-form-urlencoded`), flat: repeated fields arrive
 * as arrays and fail validation. Only stage 5's cookie route mounts it, as part of its mistake.
 */
export const formBody = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 8 });

/** Validates a JSON body against a schema; anything else becomes a 4xx with a readable reason. */
export function parseBody<Schema extends z.ZodType>(req: Request, schema: Schema): z.infer<Schema> {
  if (!req.is('application/json')) {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  return validate(req.body, schema);
}

/** Like parseBody, but an HTML form's fields are accepted too, the way many cookie-based apps do. */
export function parseBodyOrForm<Schema extends z.ZodType>(req: Request, schema: Schema): z.infer<Schema> {
  if (!req.is(['application/json', 'application/x-www-form-urlencoded'])) {
    throw new HttpError(415, 'Content-Type must be application/json or application/x-www-form-urlencoded');
  }
  return validate(req.body, schema);
}

function validate<Schema extends z.ZodType>(body: unknown, schema: Schema): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new HttpError(400, describeIssue(result.error.issues[0]), { code: 'invalid_input' });
  }
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'Invalid input';
  if (issue.code === 'unrecognized_keys') return `Unexpected field: ${issue.keys.join(', ')}`;
  if (issue.path.length === 0) return issue.code === 'invalid_type' ? 'Request body must be a JSON object' : issue.message;
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type') {
    if (issue.message.endsWith('received undefined')) return `${field} is required`;
    return issue.expected === 'int' ? `${field} must be a whole number` : `${field} must be a ${issue.expected}`;
  }
  return issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
}

/** The token from `Authorization: Bearer <token>`, or undefined when absent or malformed. */
export function readBearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header === undefined || header.length > 4096) return undefined;
  return /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header)?.[1];
}
