import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { apiDescriptionStarter } from './api-description-starter.ts';
import { apiDescriptionJSONSchema, apiDescriptionSchema, fillTemplate, readApiDescription, readJSONPath, stageApiDescription } from './api-description.ts';

const STARTER = apiDescriptionStarter('docs/api-description.schema.json');

/** The starter as data, to break one field at a time. */
function starter(): Record<string, unknown> {
  const read = readApiDescription(STARTER);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return structuredClone(read.description) as Record<string, unknown>;
}

const problemsOf = (value: unknown): string[] => {
  const read = readApiDescription(JSON.stringify(value));
  return read.ok ? [] : read.problems;
};

describe('the starter that --init writes', () => {
  it('is a valid description of a JSON login API with a bearer token', () => {
    const read = readApiDescription(STARTER);
    expect(read.ok && read.description).toMatchObject({
      version: 1,
      register: { method: 'POST', path: '/register', success: [200, 201] },
      login: { path: '/login', success: [200], token: { json: 'token' } },
      protected: { method: 'GET', path: '/me', send: { header: 'Authorization', value: 'Bearer {token}' } },
    });
  });

  it('tells editors where the JSON Schema is', () => {
    expect(apiDescriptionStarter('../docs/api-description.schema.json')).toContain('# yaml-language-server: $schema=../docs/api-description.schema.json');
  });
});

describe('readApiDescription', () => {
  it('reads JSON as well as YAML', () => {
    expect(readApiDescription(JSON.stringify(starter())).ok).toBe(true);
    expect(readApiDescription(stringify(starter())).ok).toBe(true);
  });

  it('says where each problem is', () => {
    const description = starter();
    (description.register as Record<string, unknown>).body = { user: '{username}' };
    (description.login as Record<string, unknown>).token = { json: 'token', header: 'X-Token' };
    description.colour = 'blue';
    expect(problemsOf(description)).toEqual(
      expect.arrayContaining([
        'register: register.body must contain "{username}" and "{password}"',
        expect.stringMatching(/^login\.token: /),
        expect.stringMatching(/colour/),
      ]),
    );
  });

  it('wants a login step unless every request carries Basic credentials, and no Basic with one', () => {
    const withoutLogin = starter();
    delete withoutLogin.login;
    expect(problemsOf(withoutLogin)).toEqual(['protected.send: without a login step, protected.send must be { basic: true }']);
    withoutLogin.protected = { path: '/me', send: { basic: true } };
    expect(problemsOf(withoutLogin)).toEqual([]);
    const both = starter();
    both.protected = { path: '/me', send: { basic: true } };
    expect(problemsOf(both)).toEqual([expect.stringMatching(/^protected\.send: protected\.send cannot be \{ basic: true \}/)]);
  });

  it('refuses a header that would not carry the token, and paths that are not paths', () => {
    const description = starter();
    description.protected = { path: 'me', send: { header: 'Authorization', value: 'Bearer' } };
    expect(problemsOf(description)).toEqual([expect.stringMatching(/^protected\.path: /), 'protected.send.value: the header value must contain {token}']);
  });

  it('refuses header and cookie names that are not HTTP tokens, so no name can carry a second header', () => {
    for (const header of ['X Token', 'X-Token:', 'X-Token\r\nSet-Cookie', '']) {
      const description = starter();
      description.protected = { path: '/me', send: { header, value: 'Bearer {token}' } };
      (description.login as Record<string, unknown>).token = { header };
      expect(problemsOf(description)).toEqual([
        expect.stringMatching(/^login\.token\.header: a header name must be an HTTP token/),
        expect.stringMatching(/^protected\.send\.header: a header name must be an HTTP token/),
      ]);
    }
    const cookies = starter();
    cookies.protected = { path: '/me', send: { cookie: 'sid;path=/' } };
    (cookies.login as Record<string, unknown>).token = { cookie: 'sid\u0000' };
    expect(problemsOf(cookies)).toEqual([
      expect.stringMatching(/^login\.token\.cookie: a cookie name must be an HTTP token/),
      expect.stringMatching(/^protected\.send\.cookie: a cookie name must be an HTTP token/),
    ]);
    const refresh = starter();
    refresh.refresh = { path: '/refresh', body: { r: '{refreshToken}' }, refreshToken: { json: 'r' }, token: { header: 'X(Token)' } };
    expect(problemsOf(refresh)).toEqual([expect.stringMatching(/^refresh\.token\.header: /)]);
    const fine = starter();
    fine.protected = { path: '/me', send: { header: "X-Access_Token.v2!#$%&'*+^`|~", value: 'Token\t{token}' } };
    expect(problemsOf(fine)).toEqual([]);
  });

  it('refuses a header value with a CR, LF, NUL or other control character', () => {
    for (const value of ['Bearer {token}\r\nX-Admin: 1', 'Bearer {token}\n', '\u0000{token}', '{token}\u007f', '\u001b[31m{token}']) {
      const description = starter();
      description.protected = { path: '/me', send: { header: 'Authorization', value } };
      expect(problemsOf(description)).toEqual([expect.stringMatching(/^protected\.send\.value: a header value holds visible characters/)]);
    }
  });

  it('refuses a path with a control character, which a URL parser would silently drop', () => {
    const description = starter();
    description.protected = { path: '/me\u0000', send: { header: 'Authorization', value: 'Bearer {token}' } };
    (description.register as Record<string, unknown>).path = '/sign\nup';
    expect(problemsOf(description)).toEqual([expect.stringMatching(/^register\.path: /), expect.stringMatching(/^protected\.path: /)]);
  });

  it('counts placeholders in string values only, because keys are never filled', () => {
    const description = starter();
    (description.register as Record<string, unknown>).body = { '{username}': '{password}' };
    (description.login as Record<string, unknown>).body = { user: { '{password}': ['{username}'] } };
    expect(problemsOf(description)).toEqual([
      'register: register.body must contain "{username}" and "{password}"',
      'login: login.body must contain "{username}" and "{password}"',
    ]);
    (description.register as Record<string, unknown>).body = { credentials: [{ name: 'x-{username}' }, 'pw={password}'] };
    (description.login as Record<string, unknown>).body = { user: '{username}', secret: '{password}' };
    description.refresh = { path: '/refresh', body: { '{refreshToken}': 'x' }, refreshToken: { json: 'r' } };
    expect(problemsOf(description)).toEqual(['refresh: refresh.body must contain "{refreshToken}"']);
  });

  it('answers problems, not exceptions, for text that is not a description', () => {
    expect(readApiDescription('register: [unclosed')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^not YAML or JSON: /)] });
    expect(readApiDescription('')).toMatchObject({ ok: false });
    expect(readApiDescription('a: &x [*x, *x]')).toMatchObject({ ok: false });
  });
});

describe("AuthLab's own stages", () => {
  it('are one more description: a bearer token from /login, or Basic on every request for stage 4', () => {
    for (const options of [
      { basic: false, refresh: false },
      { basic: false, refresh: true },
      { basic: true, refresh: false },
    ]) {
      expect(apiDescriptionSchema.safeParse(stageApiDescription(options)).error).toBeUndefined();
    }
  });
});

describe('fillTemplate', () => {
  it('fills the placeholders in every string of a body, however deep, and leaves the rest alone', () => {
    const template = { user: '{username}', secret: 'pw={password}', profile: { contact: '{username}@example.test', tags: ['{username}', 7, true] }, keep: '{other}' };
    expect(fillTemplate(template, { username: 'alice', password: 'p{username}w' })).toEqual({
      user: 'alice',
      secret: 'pw=p{username}w',
      profile: { contact: 'alice@example.test', tags: ['alice', 7, true] },
      keep: '{other}',
    });
  });
});

describe('readJSONPath', () => {
  it('follows a dotted path to a string, and nothing else', () => {
    const body = { data: { access_token: 'abc', expires: 900 } };
    expect(readJSONPath(body, 'data.access_token')).toBe('abc');
    expect(readJSONPath(body, 'data.expires')).toBeUndefined();
    expect(readJSONPath(body, 'data.missing')).toBeUndefined();
    expect(readJSONPath({}, 'constructor.name')).toBeUndefined();
    expect(readJSONPath('text', 'length')).toBeUndefined();
  });
});

describe('docs/api-description.schema.json', () => {
  it('is the JSON Schema of the zod schema (npm run api-schema --workspace @authlab/contract rewrites it)', () => {
    const published: unknown = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../docs/api-description.schema.json'), 'utf8'));
    expect(published).toEqual(apiDescriptionJSONSchema());
  });
});
