import { parse as parseYAML, stringify as stringifyYAML } from 'yaml';
import { apiDescriptionSchema, apiPathSchema } from './api-description.ts';

/**
 * `npm run check -- --init my-api.yaml --from-openapi <url>`: a first description of a learner's
 * API guessed from the OpenAPI (3.x) or Swagger (2.0) document it serves. Every guess is said in
 * a comment, so the learner checks it rather than trusts it; what cannot be guessed is left for
 * them, and named. The document may come from anywhere: nothing in it may reach the file except
 * as quoted YAML data or as one visible line of a comment.
 */

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  /** The path a request is sent to: the document's base path, then the path as documented. */
  path: string;
  /** The path as documented, without the base path, whose words name the step. */
  documentedPath: string;
  operation: Json;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What could end a `#` comment line, so that the rest is read as YAML (a `storage.command` that
 * --allow-command would run), or drive the terminal the notes are printed on: C0 controls (LF,
 * CR, ESC…), DEL, C1 controls (NEL), the Unicode line and paragraph separators, and the
 * bidirectional controls that reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text from the document as one visible line: every unsafe character becomes its \uXXXX escape. */
function visible(text: string): string {
  return text.replace(UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The document with `$ref: '#/…'` followed (its own document only, a few levels deep, never round in circles). */
function resolver(document: Json): (value: unknown) => Json | undefined {
  return function resolve(value: unknown, depth = 0): Json | undefined {
    if (!isObject(value)) return undefined;
    const ref = value.$ref;
    if (typeof ref !== 'string') return value;
    if (!ref.startsWith('#/') || depth > 8) return undefined;
    let target: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    }
    return resolve(target, depth + 1);
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operationsOf(document: Json, basePath: string): Operation[] {
  const paths = isObject(document.paths) ? document.paths : {};
  return Object.entries(paths).flatMap(([path, item]) =>
    isObject(item)
      ? METHODS.flatMap((method) =>
          isObject(item[method]) ? [{ method: method.toUpperCase(), path: `${basePath}${path}`, documentedPath: path, operation: item[method] }] : [],
        )
      : [],
  );
}

/**
 * Where the documented paths live on the server: Swagger 2's `basePath`, or the path part of
 * OpenAPI 3's first server URL (absolute or relative); the scheme and host come from --url.
 * A server variable stands for its default; one without a default cannot be guessed.
 */
function basePathOf(document: Json, notes: string[]): string {
  const server = Array.isArray(document.servers) && isObject(document.servers[0]) ? document.servers[0] : undefined;
  const [source, url] = typeof document.basePath === 'string' ? ['basePath', document.basePath] : typeof server?.url === 'string' ? ['servers[0].url', server.url] : [];
  if (source === undefined || url === undefined) return '';
  const variables = isObject(server?.variables) ? server.variables : {};
  const resolved = url.replaceAll(/\{([^{}]*)\}/g, (whole, name: string) => {
    const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
  const pathPart = resolved.replace(/^([^/?#]*:)?\/\/[^/?#]*/, '').replace(/[?#].*$/s, '');
  if (/[{}]/.test(pathPart)) {
    notes.push(`paths: TODO: ${source} ${url} has a variable with no default; the paths below leave that prefix out, add it if your API needs it`);
    return '';
  }
  const segments: string[] = [];
  for (const segment of pathPart.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  if (segments.length === 0) return '';
  const basePath = `/${segments.join('/')}`;
  notes.push(
    pathPart.startsWith('/')
      ? `paths: every path is under ${basePath}, from ${source}`
      : `paths: TODO: ${source} ${url} is relative to where the document is served; the paths are put under ${basePath}, change that if the document is not served at the root`,
  );
  return basePath;
}

/** A path template's parameters, `{id}` in /users/{id}. */
const parametersOf = (path: string): string[] => path.match(/\{[^{}]*\}/g) ?? [];

/** How well a path can be sent as written: 0 as it is, 1 once its {parameter} is filled in, 2 not at all (a description refuses it). */
function fitnessOf(path: string): number {
  if (!apiPathSchema.safeParse(path).success) return 2;
  return parametersOf(path).length > 0 ? 1 : 0;
}

/** The fittest of the candidates, the first one among equals. */
function fittest(candidates: readonly Operation[]): Operation | undefined {
  return candidates.reduce<Operation | undefined>(
    (chosen, candidate) => (chosen === undefined || fitnessOf(candidate.path) < fitnessOf(chosen.path) ? candidate : chosen),
    undefined,
  );
}

/** Words that name each step, in a path's last segments, an operationId or a summary. */
const STEP_WORDS = {
  register: /\b(register|registration|sign[ -_]?up|create[ -_]?(user|account))\b|\/(users|accounts)\/?$/i,
  login: /\b(log[ -_]?in|sign[ -_]?in|token|sessions?|authenticate|auth)\b/i,
  refresh: /\brefresh\b/i,
  logout: /\b(log[ -_]?out|sign[ -_]?out|revoke)\b/i,
  protected: /\/(me|profile|account|whoami|users\/me|user)\/?$/i,
};

function wordsOf({ documentedPath, operation }: Operation): string {
  const text = (key: string): string => (typeof operation[key] === 'string' ? operation[key] : '');
  return `${documentedPath.replaceAll(/[/{}]/g, ' ')} ${text('operationId').replaceAll(/([a-z])([A-Z])/g, '$1 $2')} ${text('summary')}`;
}

/**
 * The fittest operation the step's words name, unless its last path segment names another step
 * (`/auth/refresh` is no login); a path with a {parameter} only when no literal one is named.
 */
function find(operations: readonly Operation[], step: keyof typeof STEP_WORDS, method: string, exclude: RegExp[] = []): Operation | undefined {
  const lastSegment = (path: string): string => ` ${path.split('/').filter(Boolean).at(-1) ?? ''} `.replaceAll(/[{}]/g, ' ');
  return fittest(
    operations.filter(
      (candidate) => candidate.method === method && STEP_WORDS[step].test(wordsOf(candidate)) && !exclude.some((word) => word.test(lastSegment(candidate.documentedPath))),
    ),
  );
}

interface Body {
  schema: Json;
  encoding: 'json' | 'form';
}

/** The request body's schema, JSON preferred, an HTML form (OAuth2's password login) otherwise. */
function requestBodyOf(operation: Json, resolve: (value: unknown) => Json | undefined): Body | undefined {
  const content = resolve(operation.requestBody)?.content;
  if (isObject(content)) {
    const json = Object.entries(content).find(([type]) => /json/i.test(type));
    const schema = resolve(isObject(json?.[1]) ? json[1].schema : undefined);
    if (schema) return { schema, encoding: 'json' };
    const form = resolve(isObject(content['application/x-www-form-urlencoded']) ? content['application/x-www-form-urlencoded'].schema : undefined);
    if (form) return { schema: form, encoding: 'form' };
  }
  // Swagger 2.0: an `in: body` parameter, or `in: formData` ones.
  const parameters = Array.isArray(operation.parameters) ? operation.parameters.map((parameter) => resolve(parameter)).filter(isObject) : [];
  const inBody = parameters.find((parameter) => parameter.in === 'body');
  const schema = resolve(inBody?.schema);
  if (schema) return { schema, encoding: 'json' };
  const formData = parameters.filter((parameter) => parameter.in === 'formData' && typeof parameter.name === 'string');
  if (formData.length > 0) {
    return {
      encoding: 'form',
      schema: {
        properties: Object.fromEntries(formData.map((parameter) => [parameter.name, parameter])),
        required: formData.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      },
    };
  }
  return undefined;
}

const USERNAME = /^(user_?name|login|handle|name|user)$/i;
const EMAIL = /^e[-_]?mail(_?address)?$/i;
const PASSWORD = /^(pass(word)?|pwd|secret|password_?(confirm(ation)?|again|repeat)|confirm_?password|password2)$/i;

/** A body template from a schema: the username and password placeholders where they belong, an example for anything else required. */
function templateOf(body: Body, resolve: (value: unknown) => Json | undefined): { template: Json; hasUsername: boolean; hasPassword: boolean } {
  const properties = isObject(body.schema.properties) ? body.schema.properties : {};
  const required = new Set(Array.isArray(body.schema.required) ? body.schema.required.filter((name) => typeof name === 'string') : []);
  const names = Object.keys(properties);
  // The name a user signs in with: a username field if there is one, the e-mail otherwise.
  const identity = names.find((name) => USERNAME.test(name)) ?? names.find((name) => EMAIL.test(name));
  const valueOf = (name: string): unknown => {
    const property = resolve(properties[name]) ?? {};
    const isEmail = EMAIL.test(name) || property.format === 'email';
    if (/refresh/i.test(name)) return '{refreshToken}';
    if (PASSWORD.test(name)) return '{password}';
    if (name === identity) return isEmail ? '{username}@example.test' : '{username}';
    if (isEmail) return '{username}@example.test';
    if (name === 'grant_type') return 'password';
    return required.has(name) ? exampleOf(property) : undefined;
  };
  // fromEntries, not template[name] = …: a property named __proto__ stays a property.
  const template: Json = Object.fromEntries(
    names.flatMap((name) => {
      const value = valueOf(name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  return { template, hasUsername: identity !== undefined, hasPassword: names.some((name) => PASSWORD.test(name)) };
}

function exampleOf(property: Json): unknown {
  if (property.example !== undefined) return property.example;
  if (property.default !== undefined) return property.default;
  if (Array.isArray(property.enum) && property.enum.length > 0) return property.enum[0];
  if (property.type === 'integer' || property.type === 'number') return 1;
  if (property.type === 'boolean') return true;
  return 'example';
}

/** The 2xx statuses an operation documents, or undefined to keep the format's default. */
function successOf(operation: Json): number[] | undefined {
  const responses = isObject(operation.responses) ? Object.keys(operation.responses) : [];
  const statuses = responses.filter((status) => /^2\d\d$/.test(status)).map(Number);
  return statuses.length > 0 ? statuses : undefined;
}

/** Where a success answer's JSON body has a property whose name matches, as a dotted path, a few levels deep. */
function jsonPathIn(operation: Json, name: RegExp, resolve: (value: unknown) => Json | undefined): string | undefined {
  const responses = isObject(operation.responses) ? operation.responses : {};
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const answer = resolve(response);
    const content = answer?.content;
    const json = isObject(content) ? Object.entries(content).find(([type]) => /json/i.test(type))?.[1] : undefined;
    const schema = resolve(isObject(json) ? json.schema : answer?.schema);
    const found = schema && search(schema, name, resolve, 0);
    if (found) return found;
  }
  return undefined;
}

function search(schema: Json, name: RegExp, resolve: (value: unknown) => Json | undefined, depth: number): string | undefined {
  if (depth > 3 || !isObject(schema.properties)) return undefined;
  const properties = schema.properties;
  const direct = Object.keys(properties).find((key) => name.test(key));
  if (direct) return direct;
  for (const [key, value] of Object.entries(properties)) {
    const inner = resolve(value);
    const found = inner && search(inner, name, resolve, depth + 1);
    if (found) return `${key}.${found}`;
  }
  return undefined;
}

type Sending = { header: string; value: string } | { cookie: string } | { basic: true };

/** How the protected operation wants its credential, from the security scheme it (or the document) names. */
function sendingOf(operation: Json, document: Json, resolve: (value: unknown) => Json | undefined): { send: Sending; how: string } | undefined {
  const requirements = Array.isArray(operation.security) ? operation.security : Array.isArray(document.security) ? document.security : [];
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : isObject(document.securityDefinitions) ? document.securityDefinitions : {};
  for (const requirement of requirements) {
    for (const name of isObject(requirement) ? Object.keys(requirement) : []) {
      const scheme = resolve(Object.hasOwn(schemes, name) ? schemes[name] : undefined);
      if (scheme === undefined) continue;
      const type = String(scheme.type);
      const http = String(scheme.scheme ?? '').toLowerCase();
      if ((type === 'http' && http === 'bearer') || type === 'oauth2' || type === 'openIdConnect') {
        return { send: { header: 'Authorization', value: 'Bearer {token}' }, how: `the ${name} scheme (${type === 'http' ? 'HTTP bearer' : type})` };
      }
      if ((type === 'http' && http === 'basic') || type === 'basic') return { send: { basic: true }, how: `the ${name} scheme (HTTP Basic)` };
      if (type === 'apiKey' && typeof scheme.name === 'string') {
        if (scheme.in === 'header') return { send: { header: scheme.name, value: '{token}' }, how: `the ${name} scheme (header ${scheme.name})` };
        if (scheme.in === 'cookie') return { send: { cookie: scheme.name }, how: `the ${name} scheme (cookie ${scheme.name})` };
      }
    }
  }
  return undefined;
}

function isSecured(operation: Json, document: Json): boolean {
  const requirements = Array.isArray(operation.security) ? operation.security : document.security;
  return Array.isArray(requirements) && requirements.some((requirement) => isObject(requirement) && Object.keys(requirement).length > 0);
}

export interface OpenApiGuess {
  /** The description as YAML, with a comment on every guess and a TODO for what is missing. */
  yaml: string;
  /** What was guessed and what is missing, one line each, for the terminal. */
  notes: string[];
  /** Whether the file is a valid description as it stands, with no path parameter left to fill in. */
  complete: boolean;
}

/** A first description of the API `document` (OpenAPI 3.x or Swagger 2.0, already parsed) documents. */
export function describeFromOpenApi(document: unknown, schemaPath: string): OpenApiGuess {
  if (!isObject(document) || !(typeof document.openapi === 'string' || typeof document.swagger === 'string') || !isObject(document.paths)) {
    throw new Error('not an OpenAPI document: it needs an "openapi" (or "swagger") version and "paths"');
  }
  const resolve = resolver(document);
  const notes: string[] = [];
  const operations = operationsOf(document, basePathOf(document, notes));
  // The name is printed in reports: no terminal control from the document reaches them.
  const title = isObject(document.info) && typeof document.info.title === 'string' ? visible(document.info.title).slice(0, 80) : undefined;
  // Only the steps below are ever guessed: never `storage`, whose command --allow-command runs.
  const description: Json = { version: 1, ...(title ? { name: title } : {}) };
  let parametersLeft = false;
  /** A path with a {parameter} is sent as written, braces and all: say so, and the guess is not complete. */
  const checkParameters = (name: string, path: string): void => {
    const parameters = parametersOf(path);
    if (parameters.length === 0) return;
    parametersLeft = true;
    notes.push(`${name}: TODO: replace ${parameters.join(', ')} in ${path} with a real value; the checks send the path as it is written`);
  };

  const step = (operation: Operation | undefined, name: 'register' | 'login' | 'refresh' | 'logout'): Json | undefined => {
    if (operation === undefined) return undefined;
    const body = requestBodyOf(operation.operation, resolve);
    const filled = body ? templateOf(body, resolve) : undefined;
    const success = successOf(operation.operation);
    notes.push(
      `${name}: ${operation.method} ${operation.path}${body ? ` with a ${body.encoding} body (${Object.keys(filled?.template ?? {}).join(', ') || 'no fields'})` : ''}${success ? `, success ${success.join(' or ')}` : ''}`,
    );
    if (filled && (name === 'register' || name === 'login') && (!filled.hasUsername || !filled.hasPassword))
      notes.push(`${name}: TODO: no ${filled.hasUsername ? 'password' : 'username'} field was recognised in its body`);
    checkParameters(name, operation.path);
    return {
      method: operation.method,
      path: operation.path,
      ...(filled ? { body: filled.template } : {}),
      ...(body?.encoding === 'form' ? { encoding: 'form' } : {}),
      ...(success ? { success } : {}),
    };
  };

  const register = step(find(operations, 'register', 'POST', [STEP_WORDS.login, STEP_WORDS.refresh]), 'register');
  if (register) description.register = register;
  else notes.push('register: TODO: no operation looks like registration; describe how an account is made');

  const loginOperation = find(operations, 'login', 'POST', [STEP_WORDS.refresh, STEP_WORDS.logout, STEP_WORDS.register]);
  const secured = operations.filter((candidate) => candidate.method === 'GET' && isSecured(candidate.operation, document));
  const protectedOperation = fittest([
    ...secured.filter((candidate) => STEP_WORDS.protected.test(candidate.documentedPath)),
    ...secured.filter((candidate) => !STEP_WORDS.protected.test(candidate.documentedPath)),
  ]);
  const sending = protectedOperation ? sendingOf(protectedOperation.operation, document, resolve) : undefined;

  if (sending && 'basic' in sending.send) {
    notes.push('login: none: the protected route takes HTTP Basic credentials on every request');
  } else if (loginOperation) {
    const login = step(loginOperation, 'login') ?? {};
    const tokenPath = jsonPathIn(loginOperation.operation, /^(access_?token|token|jwt|id_?token|auth_?token)$/i, resolve);
    const cookie = sending && 'cookie' in sending.send ? sending.send.cookie : undefined;
    login.token = tokenPath ? { json: tokenPath } : cookie ? { cookie } : { json: 'token' };
    notes.push(
      tokenPath
        ? `login: the token is read from ${tokenPath} in its JSON answer`
        : cookie
          ? `login: the token is the cookie ${cookie}`
          : 'login: TODO: the document does not show where the token is; login.token says { json: token }, change it if that is wrong',
    );
    description.login = login;
    const refreshOperation = find(operations, 'refresh', 'POST');
    const refreshPath = jsonPathIn(loginOperation.operation, /^refresh_?token$/i, resolve);
    if (refreshOperation && refreshPath) {
      const refresh = step(refreshOperation, 'refresh') ?? {};
      const field = isObject(refresh.body) ? Object.keys(refresh.body).find((key) => /refresh/i.test(key)) : undefined;
      refresh.body = { [field ?? 'refreshToken']: '{refreshToken}' };
      refresh.refreshToken = { json: refreshPath };
      const next = jsonPathIn(refreshOperation.operation, /^(access_?token|token|jwt)$/i, resolve);
      if (next) refresh.token = { json: next };
      description.refresh = refresh;
    }
  } else {
    notes.push('login: TODO: no operation looks like a login; describe it, or leave it out if every request carries Basic credentials');
  }

  if (protectedOperation) {
    const send = sending?.send ?? { header: 'Authorization', value: 'Bearer {token}' };
    description.protected = { method: protectedOperation.method, path: protectedOperation.path, send };
    notes.push(`protected: GET ${protectedOperation.path}, credential sent as ${sending ? sending.how : 'a bearer token (the document names no scheme it understood)'}`);
    checkParameters('protected', protectedOperation.path);
  } else {
    notes.push('protected: TODO: no GET operation requires authentication in the document; name a route only a signed-in caller may use');
  }
  const logout = find(operations, 'logout', 'POST') ?? find(operations, 'logout', 'DELETE');
  if (logout && description.login) description.logout = step(logout, 'logout');

  // What is validated is what the file will say: the YAML as written, read back.
  const body = stringifyYAML(description, { aliasDuplicateObjects: false });
  const written: unknown = parseYAML(body);
  const parsed = apiDescriptionSchema.safeParse(written);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `TODO: ${problemOf(written, issue.path, issue.message)}`);
  // Every note becomes exactly one comment line, whatever the document put in its names.
  const shown = [...notes, ...problems].map(visible);
  const header = [
    "# How AuthLab's practice checks talk to your login API, guessed from its OpenAPI document.",
    '# Check every step against your API before you trust it:',
    ...shown.map((note) => `#   ${note}`),
    '# Then: npm run check -- --api <this file>, and with your API running:',
    '#   npm run check -- --url http://127.0.0.1:8080 --api <this file>',
    `# yaml-language-server: $schema=${visible(schemaPath)}`,
  ];
  const yaml = `${header.join('\n')}\n${body}`;
  // The last guard against a comment that ends early: the whole file reads as the body alone.
  if (JSON.stringify(parseYAML(yaml)) !== JSON.stringify(written)) throw new Error('the guessed description would not read back as guessed; nothing was written');
  return { yaml, notes: shown, complete: parsed.success && !parametersLeft };
}

/** A problem with where it is and, for a string, what the file says there (a refused path or header name). */
function problemOf(written: unknown, where: readonly PropertyKey[], message: string): string {
  let value = written;
  for (const key of where) value = (isObject(value) || Array.isArray(value)) && Object.hasOwn(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return `${where.map(String).join('.') || '(top)'}${typeof value === 'string' ? ` (${JSON.stringify(value)})` : ''}: ${message}`;
}

/** An OpenAPI document's text, JSON or YAML; `source` names it in the error, which says what is wrong. */
export function parseOpenApiText(text: string, source: string): unknown {
  try {
    return parseYAML(text, { maxAliasCount: 100 }) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // yaml refuses aliases that would expand past maxAliasCount ("billion laughs"): an attack on memory, not a typo.
    if (/excessive alias count/i.test(message))
      throw new Error(`${source} is refused: its YAML aliases would expand it far beyond any OpenAPI document (too many aliases)`, { cause: error });
    throw new Error(`${source} is neither JSON nor YAML: ${visible(message.split('\n')[0] ?? '')}`, { cause: error });
  }
}
