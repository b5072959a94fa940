import { describe, expect, it } from 'vitest';
import { readApiDescription } from './api-description.ts';
import { describeFromOpenApi } from './from-openapi.ts';

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
});
