import { parse as parseYAML } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readApiDescription } from './api-description.ts';
import { describeFromOpenApi, parseOpenApiText } from './from-openapi.ts';

/** What a FastAPI app from the usual OAuth2 tutorial serves at /openapi.json, cut to the parts that matter. */
const FASTAPI = {
  openapi: '3.1.0',
  info: { title: 'Todo API', version: '0.1.0' },
  paths: {
    '/register': {
      post: {
        operationId: 'register_register_post',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/UserCreate' } } }, required: true },
        responses: { '201': { description: 'Created' }, '422': { description: 'Validation Error' } },
      },
    },
    '/token': {
      post: {
        operationId: 'login_for_access_token_token_post',
        requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_login' } } }, required: true },
        responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Token' } } } } },
      },
    },
    '/users/me': { get: { operationId: 'read_users_me', responses: { '200': { description: 'OK' } }, security: [{ OAuth2PasswordBearer: [] }] } },
    '/todos': { get: { responses: { '200': { description: 'OK' } } } },
  },
  components: {
    schemas: {
      UserCreate: {
        type: 'object',
        required: ['username', 'email', 'password', 'full_name'],
        properties: {
          username: { type: 'string' },
          email: { type: 'string', format: 'email' },
          password: { type: 'string' },
          full_name: { type: 'string', example: 'Ada Lovelace' },
        },
      },
      Body_login: {
        type: 'object',
        required: ['username', 'password'],
        properties: {
          grant_type: { type: 'string', pattern: '^password$' },
          username: { type: 'string' },
          password: { type: 'string' },
          scope: { type: 'string', default: '' },
        },
      },
      Token: { type: 'object', properties: { access_token: { type: 'string' }, token_type: { type: 'string' } } },
    },
    securitySchemes: { OAuth2PasswordBearer: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: {} } } } },
  },
};

/** A Flask-RESTX app: Swagger 2.0, an API key in a custom header, the token nested under data. */
const FLASK_RESTX = {
  swagger: '2.0',
  info: { title: 'Notes', version: '1.0' },
  securityDefinitions: { apikey: { type: 'apiKey', in: 'header', name: 'x-access-token' } },
  paths: {
    '/auth/signup': {
      post: { parameters: [{ in: 'body', name: 'payload', required: true, schema: { $ref: '#/definitions/Signup' } }], responses: { '201': { description: 'ok' } } },
    },
    '/auth/login': {
      post: {
        parameters: [{ in: 'body', name: 'payload', required: true, schema: { $ref: '#/definitions/Login' } }],
        responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/LoginAnswer' } } },
      },
    },
    '/auth/refresh': {
      post: { parameters: [{ in: 'body', name: 'payload', schema: { properties: { refresh_token: { type: 'string' } } } }], responses: { '200': { description: 'ok' } } },
    },
    '/profile': { get: { security: [{ apikey: [] }], responses: { '200': { description: 'ok' } } } },
  },
  definitions: {
    Signup: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } },
    Login: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } },
    LoginAnswer: { type: 'object', properties: { data: { $ref: '#/definitions/Tokens' } } },
    Tokens: { type: 'object', properties: { token: { type: 'string' }, refresh_token: { type: 'string' } } },
  },
};

function readBack(yaml: string) {
  const read = readApiDescription(yaml);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.description;
}

describe('describeFromOpenApi', () => {
  it('reads the FastAPI OAuth2 tutorial: a JSON registration, a form login at /token, the token in access_token, Bearer on /users/me', () => {
    const guess = describeFromOpenApi(FASTAPI, '../docs/api-description.schema.json');
    expect(guess.complete).toBe(true);
    expect(readBack(guess.yaml)).toMatchObject({
      name: 'Todo API',
      register: {
        method: 'POST',
        path: '/register',
        success: [201],
        body: { username: '{username}', email: '{username}@example.test', password: '{password}', full_name: 'Ada Lovelace' },
      },
      login: { path: '/token', encoding: 'form', body: { grant_type: 'password', username: '{username}', password: '{password}' }, token: { json: 'access_token' } },
      protected: { method: 'GET', path: '/users/me', send: { header: 'Authorization', value: 'Bearer {token}' } },
    });
    expect(guess.yaml).toContain('# yaml-language-server: $schema=../docs/api-description.schema.json');
  });

  it('reads Swagger 2.0 from Flask-RESTX: the e-mail as the name, a custom header, a nested token and a refresh step', () => {
    const guess = describeFromOpenApi(FLASK_RESTX, 'schema.json');
    expect(guess.complete).toBe(true);
    expect(readBack(guess.yaml)).toMatchObject({
      register: { path: '/auth/signup', body: { email: '{username}@example.test', password: '{password}' } },
      login: { path: '/auth/login', body: { email: '{username}@example.test', password: '{password}' }, token: { json: 'data.token' } },
      protected: { path: '/profile', send: { header: 'x-access-token', value: '{token}' } },
      refresh: { path: '/auth/refresh', body: { refresh_token: '{refreshToken}' }, refreshToken: { json: 'data.refresh_token' } },
    });
  });

  it('says what it could not find, in the file and to the learner, instead of inventing it', () => {
    const guess = describeFromOpenApi({ openapi: '3.0.3', paths: { '/todos': { get: { responses: { '200': {} } } } } }, 'schema.json');
    expect(guess.complete).toBe(false);
    expect(guess.notes.join('\n')).toMatch(/register: TODO: no operation looks like registration/);
    expect(guess.notes.join('\n')).toMatch(/protected: TODO/);
    expect(guess.yaml).toMatch(/^# {3}TODO: register: /m);
  });

  it('refuses what is not an OpenAPI document, and survives a $ref that loops', () => {
    expect(() => describeFromOpenApi({ hello: 'world' }, 's.json')).toThrow(/not an OpenAPI document/);
    expect(() => describeFromOpenApi('openapi: 3', 's.json')).toThrow(/not an OpenAPI document/);
    const looping = {
      openapi: '3.0.0',
      paths: { '/register': { post: { requestBody: { $ref: '#/components/requestBodies/A' } } } },
      components: { requestBodies: { A: { $ref: '#/components/requestBodies/A' } } },
    };
    expect(describeFromOpenApi(looping, 's.json').notes[0]).toBe('register: POST /register');
  });

  it('puts every path under Swagger 2 basePath, without reading "auth" in it as a login', () => {
    const guess = describeFromOpenApi({ ...FLASK_RESTX, basePath: '/auth/v1/' }, 'schema.json');
    expect(guess.complete).toBe(true);
    expect(readBack(guess.yaml)).toMatchObject({
      register: { path: '/auth/v1/auth/signup' },
      login: { path: '/auth/v1/auth/login' },
      protected: { path: '/auth/v1/profile' },
      refresh: { path: '/auth/v1/auth/refresh' },
    });
    expect(guess.notes).toContain('paths: every path is under /auth/v1, from basePath');
  });

  it("puts every path under the path of OpenAPI 3's first server, absolute or relative, with its variables' defaults", () => {
    const under = (servers: unknown[]) => readBack(describeFromOpenApi({ ...FASTAPI, servers }, 's.json').yaml);
    expect(under([{ url: 'https://api.example.com/api/v1/' }, { url: '/other' }])).toMatchObject({ register: { path: '/api/v1/register' }, login: { path: '/api/v1/token' } });
    expect(under([{ url: '/api/v1' }])).toMatchObject({ protected: { path: '/api/v1/users/me' } });
    expect(under([{ url: 'https://example.com' }])).toMatchObject({ protected: { path: '/users/me' } });
    expect(under([{ url: '{scheme}://{host}/api/{version}?x=1', variables: { version: { default: 'v2' }, host: { default: 'example.com' } } }])).toMatchObject({
      protected: { path: '/api/v2/users/me' },
    });
  });

  it('reads a server URL relative to the document as if the document were served at the root, and says so', () => {
    const guess = describeFromOpenApi({ ...FASTAPI, servers: [{ url: './api/../v1/' }] }, 's.json');
    expect(readBack(guess.yaml)).toMatchObject({ register: { path: '/v1/register' } });
    expect(guess.notes).toContain(
      'paths: TODO: servers[0].url ./api/../v1/ is relative to where the document is served; the paths are put under /v1, change that if the document is not served at the root',
    );
  });

  it('leaves out a server prefix whose variable has no default, and says so', () => {
    const guess = describeFromOpenApi({ ...FASTAPI, servers: [{ url: '/api/{version}' }] }, 's.json');
    expect(readBack(guess.yaml)).toMatchObject({ register: { path: '/register' } });
    expect(guess.notes).toContain(
      'paths: TODO: servers[0].url /api/{version} has a variable with no default; the paths below leave that prefix out, add it if your API needs it',
    );
  });

  it('prefers a literal path to one with a {parameter}, and names the parameter to fill in when there is no other', () => {
    const secured = { security: [{ OAuth2PasswordBearer: [] }], responses: { '200': {} } };
    const withTodos = { ...FASTAPI, paths: { ...FASTAPI.paths, '/users/{id}': { get: secured }, '/users/me': undefined, '/todos': { get: secured } } };
    expect(readBack(describeFromOpenApi(withTodos, 's.json').yaml)).toMatchObject({ protected: { path: '/todos' } });
    const onlyTemplated = { ...FASTAPI, paths: { ...FASTAPI.paths, '/users/me': undefined, '/users/{id}/profile/{section}': { get: secured } } };
    const guess = describeFromOpenApi(onlyTemplated, 's.json');
    expect(guess.complete).toBe(false);
    expect(readBack(guess.yaml)).toMatchObject({ protected: { path: '/users/{id}/profile/{section}' } });
    expect(guess.notes).toContain('protected: TODO: replace {id}, {section} in /users/{id}/profile/{section} with a real value; the checks send the path as it is written');
  });

  it('marks the guess incomplete, naming the value, when a path or header name is one a description refuses', () => {
    const spaced = {
      ...FASTAPI,
      paths: { ...FASTAPI.paths, '/register': undefined, '/sign up': FASTAPI.paths['/register'] },
      components: { ...FASTAPI.components, securitySchemes: { OAuth2PasswordBearer: { type: 'apiKey', in: 'header', name: 'X Key' } } },
    };
    const guess = describeFromOpenApi(spaced, 's.json');
    expect(guess.complete).toBe(false);
    expect(guess.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TODO: register\.path \("\/sign up"\): a path on the API/),
        expect.stringMatching(/^TODO: protected\.send\.header \("X Key"\): a header name must be an HTTP token/),
      ]),
    );
    expect(guess.yaml).toMatch(/^# {3}TODO: register\.path \("\/sign up"\)/m);
  });

  it('keeps a hostile document inside its comments: no line break or terminal escape from a name reaches the file, and no storage command', () => {
    const PAYLOAD = 'x\nstorage:\n  command: echo PWNED > /tmp/p\n#';
    const ANSI = '\u001b[2J\u001b[31m';
    const body = (properties: Record<string, unknown>) => ({ content: { 'application/json': { schema: { properties, required: Object.keys(properties) } } } });
    const hostile = {
      openapi: '3.0.0',
      info: { title: `${ANSI}Owned${PAYLOAD}` },
      paths: {
        [`/register/${PAYLOAD}`]: { post: { requestBody: body({ username: {}, password: {}, [PAYLOAD]: {}, [`${ANSI}colour`]: {} }) } },
        [`/login${ANSI}`]: { post: { requestBody: body({ username: {}, password: {} }) } },
        '/me': { get: { security: [{ [PAYLOAD]: [] }] } },
      },
      components: { securitySchemes: { [PAYLOAD]: { type: 'apiKey', in: 'header', name: `X-Key${ANSI}${PAYLOAD}` } } },
    };
    const guess = describeFromOpenApi(hostile, 's.json');
    const written: unknown = parseYAML(guess.yaml);
    expect(written).toMatchObject({ version: 1, register: {}, login: {}, protected: {} });
    expect(written).not.toHaveProperty('storage');
    expect(guess.complete).toBe(false);
    // One comment line per note, plus the five fixed ones; none holds a control character.
    const lines = guess.yaml.split(/\r\n|\r|\n/);
    expect(lines.filter((line) => line.startsWith('#'))).toHaveLength(guess.notes.length + 5);
    /* eslint-disable no-control-regex -- looking for control characters is the test */
    for (const note of guess.notes) expect(note).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(guess.yaml).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    /* eslint-enable no-control-regex */
    expect(guess.notes[0]).toContain('POST /register/x\\u000astorage:\\u000a  command: echo PWNED > /tmp/p\\u000a#');
    expect(guess.notes).toContain('login: POST /login\\u001b[2J\\u001b[31m with a json body (username, password)');
    expect(readApiDescription(guess.yaml)).toMatchObject({ ok: false });
  });
});

describe('parseOpenApiText', () => {
  it('reads JSON and YAML, and says what is wrong with text that is neither', () => {
    expect(parseOpenApiText('{"openapi": "3.0.0"}', 'a.json')).toEqual({ openapi: '3.0.0' });
    expect(parseOpenApiText('openapi: 3.0.0\npaths: {}', 'a.yaml')).toEqual({ openapi: '3.0.0', paths: {} });
    expect(() => parseOpenApiText('paths: [', 'b.yaml')).toThrow(/^b\.yaml is neither JSON nor YAML: \S/);
  });

  it('calls an alias bomb what it is, not a syntax error', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [index, name] of [...'bcdefghi'].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(',')}]`);
    const bomb = levels.join('\n');
    expect(() => parseOpenApiText(bomb, 'bomb.yaml')).toThrow(/^bomb\.yaml is refused: .*\(too many aliases\)$/);
    expect(() => parseOpenApiText(bomb, 'bomb.yaml')).not.toThrow(/neither JSON nor YAML/);
  });
});
