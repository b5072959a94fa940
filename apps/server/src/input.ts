import express, { type Request } from 'express';
import { z } from 'zod';
import { HttpError } from './http-error.ts';

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
