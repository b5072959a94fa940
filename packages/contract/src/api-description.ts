import { parse as parseYAML } from 'yaml';
import { z } from 'zod';

/**
 * How the practice checks and the attack lab talk to a learner's own login API, in any
 * language: a small YAML (or JSON) file that says how to register, log in, reach a protected
 * route and, optionally, refresh, log out and read what is stored. Bodies are JSON templates in
 * which `{username}`, `{password}`, `{token}` and `{refreshToken}` are filled in per request.
 * An AuthLab stage is one more description (`stageApiDescription`).
 */

type Placeholder = 'username' | 'password' | 'token' | 'refreshToken';

const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** No whitespace, `#` or control character: a URL parser would cut the path there, or silently drop the character. */
export const apiPathSchema = z
  .string()
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^\/[^\s#\u0000-\u001f\u007f-\u009f]*$/, 'a path on the API, starting with "/", without spaces, "#" or control characters, e.g. /api/login')
  .describe('Appended to the --url the checks are given.');
/**
 * A header or cookie name is an RFC 9110 token (RFC 6265 names cookies with the same token), so
 * a name with a space, a colon, a CR or an LF can never smuggle a second header into a request.
 */
const token = (what: string) => z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, `${what} must be an HTTP token: letters, digits and !#$%&'*+-.^_\`|~ only`);
/** RFC 9110 field-value: visible characters, spaces and tabs; a CR, LF or NUL would end or split the header. */
const headerValue = z
  .string()
  .regex(/^[\t\u0020-\u007e\u0080-\u00ff]*$/, 'a header value holds visible characters, spaces and tabs only: no CR, LF, NUL or other control character');
/** A JSON body in which strings may name placeholders: `{"user": "{username}"}`. */
const bodyTemplate = z.record(z.string(), z.json()).describe('A JSON object; "{username}", "{password}", "{token}" and "{refreshToken}" inside its strings are filled in.');
const statuses = z
  .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .describe('The HTTP status (or list of statuses) that means success.');

/** Where an answer carries a credential. */
const credentialLocation = z
  .union([
    z.strictObject({ json: z.string().min(1).describe('A dotted path in the JSON body, e.g. token or data.access_token.') }),
    z.strictObject({ header: token('a header name').describe('A response header, e.g. X-Auth-Token.') }),
    z.strictObject({ cookie: token('a cookie name').describe('The name of a cookie the answer sets.') }),
  ])
  .describe('Where the answer carries it: exactly one of json, header or cookie.');

/** How a request proves who it is. */
const credentialSending = z
  .union([
    z.strictObject({
      header: token('a header name').describe('The request header, e.g. Authorization or x-access-token.'),
      value: headerValue.includes('{token}', { message: 'the header value must contain {token}' }).describe('e.g. "Bearer {token}".'),
    }),
    z.strictObject({ cookie: token('a cookie name').describe('Send the token as this cookie.') }),
    z.strictObject({ basic: z.literal(true).describe('Send the username and password with every request (HTTP Basic); there is no login.') }),
  ])
  .describe('How the protected route is told who is calling.');

const request = z.strictObject({
  method: method.default('POST'),
  path: apiPathSchema,
  body: bodyTemplate.optional(),
  encoding: z
    .enum(['json', 'form'])
    .default('json')
    .describe('How the body is sent: json (application/json), or form (application/x-www-form-urlencoded, as an HTML form or an OAuth2 password login sends it).'),
  success: statuses.default([200]),
});

/** Whether a string VALUE somewhere in the body names the placeholder: fillTemplate never fills keys, so `{"{username}": …}` does not count. */
const mentions =
  (placeholder: Placeholder) =>
  (value: unknown): boolean => {
    if (typeof value === 'string') return value.includes(`{${placeholder}}`);
    if (typeof value === 'object' && value !== null) return Object.values(value).some(mentions(placeholder));
    return false;
  };

export const apiDescriptionSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('The version of this format.'),
    name: z.string().min(1).max(80).optional().describe('What to call the API in reports.'),
    register: request
      .extend({ success: statuses.default([200, 201]) })
      .refine((step) => mentions('username')(step.body) && mentions('password')(step.body), 'register.body must contain "{username}" and "{password}"')
      .describe('How a new account is made.'),
    login: request
      .extend({ token: credentialLocation })
      .refine((step) => mentions('username')(step.body) && mentions('password')(step.body), 'login.body must contain "{username}" and "{password}"')
      .optional()
      .describe('How an account logs in; leave it out when every request carries Basic credentials.'),
    protected: z
      .strictObject({ method: method.default('GET'), path: apiPathSchema, send: credentialSending, success: statuses.default([200]) })
      .describe('A route only a signed-in caller may use.'),
    refresh: request
      .extend({ refreshToken: credentialLocation.describe('Where the login answer carries the refresh token.'), token: credentialLocation.optional() })
      .refine((step) => mentions('refreshToken')(step.body) || step.body === undefined, 'refresh.body must contain "{refreshToken}"')
      .optional()
      .describe('How a refresh token buys a new access token.'),
    logout: request.optional().describe('How a session ends; the token is sent as for the protected route.'),
    storage: z
      .strictObject({
        command: z.string().min(1).describe('A shell command that prints one "username<TAB>stored credential" per line; run only with --allow-command.'),
      })
      .optional()
      .describe('How to read what the API stored, for the storage checks.'),
    known: z
      .strictObject({
        lockoutThreshold: z.number().int().positive().optional().describe('Failed logins after which an account locks.'),
        rateLimit: z
          .strictObject({ limit: z.number().int().positive(), windowSeconds: z.number().int().positive() })
          .optional()
          .describe('Login attempts per client per window.'),
        accessTokenSeconds: z.number().int().positive().optional().describe('How long an access token lives.'),
      })
      .optional()
      .describe('Numbers you know about your API; they improve the evidence and are never required.'),
  })
  .refine((description) => description.login !== undefined || 'basic' in description.protected.send, {
    message: 'without a login step, protected.send must be { basic: true }',
    path: ['protected', 'send'],
  })
  .refine((description) => description.login === undefined || !('basic' in description.protected.send), {
    message: 'protected.send cannot be { basic: true } when there is a login step: say how its token is sent',
    path: ['protected', 'send'],
  });

export type ApiDescription = z.infer<typeof apiDescriptionSchema>;

export type ApiDescriptionRead = { ok: true; description: ApiDescription } | { ok: false; problems: string[] };

/** Reads a description from YAML or JSON text (JSON is YAML); every problem says where it is. */
export function readApiDescription(text: string): ApiDescriptionRead {
  let value: unknown;
  try {
    value = parseYAML(text, { maxAliasCount: 10 });
  } catch (error) {
    return { ok: false, problems: [`not YAML or JSON: ${error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error)}`] };
  }
  const parsed = apiDescriptionSchema.safeParse(value);
  if (parsed.success) return { ok: true, description: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`)) };
}

/** The description's JSON Schema, for editors (`$schema` in the file, or YAML language server's modeline). */
export function apiDescriptionJSONSchema(): Record<string, unknown> {
  return z.toJSONSchema(apiDescriptionSchema, { io: 'input', unrepresentable: 'any' });
}

/** A body template with its placeholders filled in; placeholders with no value are left as they are. */
export function fillTemplate<T>(template: T, values: Partial<Record<Placeholder, string>>): T {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\{(username|password|token|refreshToken)\}/g, (whole, name: Placeholder) => values[name] ?? whole);
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
    return value;
  };
  return fill(template) as T;
}

/** The value at a dotted path of a JSON body (`data.access_token`), when it is a string. */
export function readJSONPath(body: unknown, dotted: string): string | undefined {
  let value: unknown = body;
  for (const key of dotted.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/**
 * What a `storage.command` printed: one `username<TAB>stored credential` per line. Blank lines
 * are skipped; a line without a tab is a problem, so a wrong query is not read as "stores nothing".
 */
export function readStoredListing(output: string): { stored: Map<string, string> } | { problem: string } {
  const stored = new Map<string, string>();
  const lines = output.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) return { problem: `line ${index + 1} is not "username<TAB>stored credential": ${JSON.stringify(line.slice(0, 80))}` };
    stored.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return { stored };
}

/** AuthLab's own stages, as one more description: Basic on every request for stage 4, a bearer token from /login otherwise. */
export function stageApiDescription(options: { basic: boolean; refresh: boolean }): ApiDescription {
  const credentials = { username: '{username}', password: '{password}' };
  return {
    version: 1,
    register: { method: 'POST', path: '/register', body: credentials, encoding: 'json', success: [201] },
    ...(options.basic ? {} : { login: { method: 'POST', path: '/login', body: credentials, encoding: 'json', success: [200], token: { json: 'token' } } }),
    protected: { method: 'GET', path: '/records', send: options.basic ? { basic: true } : { header: 'Authorization', value: 'Bearer {token}' }, success: [200] },
    ...(options.refresh
      ? {
          refresh: {
            method: 'POST',
            path: '/refresh',
            body: { refreshToken: '{refreshToken}' },
            encoding: 'json',
            success: [200],
            refreshToken: { json: 'refreshToken' },
            token: { json: 'token' },
          },
        }
      : {}),
  };
}
