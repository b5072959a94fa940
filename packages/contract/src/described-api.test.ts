import { describe, expect, it } from 'vitest';
import { apiDescriptionSchema, type ApiDescription } from './api-description.ts';
import { TargetClient } from './client.ts';
import { DescribedApi } from './described-api.ts';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A foreign API in one function: answers each request by method and path, and keeps what it was sent. */
function fakeApi(answer: (request: Sent) => Response) {
  const sent: Sent[] = [];
  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const request: Sent = {
      method: init.method ?? 'GET',
      path: new URL(String(input)).pathname,
      headers,
      body: typeof init.body !== 'string' ? undefined : headers['content-type'] === 'application/json' ? (JSON.parse(init.body) as unknown) : init.body,
    };
    sent.push(request);
    return answer(request);
  };
  return { sent, target: { baseUrl: 'http://127.0.0.1:8080', fetch: fakeFetch as typeof fetch, advanceClock: async () => undefined } };
}

const describedAs = (description: unknown): ApiDescription => apiDescriptionSchema.parse(description);

const JSON_TOKEN_API = describedAs({
  version: 1,
  register: { path: '/api/users', body: { user: { name: '{username}', pass: '{password}', email: '{username}@example.test' } } },
  login: { path: '/api/sessions', body: { name: '{username}', pass: '{password}' }, token: { json: 'data.access_token' } },
  protected: { method: 'GET', path: '/api/me', send: { header: 'x-access-token', value: '{token}' } },
  refresh: { path: '/api/refresh', body: { rt: '{refreshToken}' }, refreshToken: { json: 'data.refresh' }, token: { json: 'data.access_token' } },
});

describe('DescribedApi', () => {
  it('registers, logs in and calls the protected route with the paths, bodies and token placement of the description', async () => {
    const api = fakeApi(({ path }) => {
      if (path === '/api/users') return Response.json({ id: 1 }, { status: 201 });
      if (path === '/api/sessions') return Response.json({ data: { access_token: 'tok-1', refresh: 'ref-1' } });
      return Response.json({ me: 'alice' });
    });
    const described = new DescribedApi(new TargetClient(api.target), JSON_TOKEN_API);
    const registered = await described.register('alice', 'orchid-lantern-42');
    expect(described.succeeded('register', registered)).toBe(true);
    const login = await described.login('alice', 'orchid-lantern-42');
    expect(login).toMatchObject({ token: 'tok-1', refreshToken: 'ref-1' });
    const me = await described.callProtected({ token: login.token ?? '' });
    expect(described.succeeded('protected', me)).toBe(true);
    expect(api.sent.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /api/users', 'POST /api/sessions', 'GET /api/me']);
    expect(api.sent[0]?.body).toEqual({ user: { name: 'alice', pass: 'orchid-lantern-42', email: 'alice@example.test' } });
    expect(api.sent[2]?.headers['x-access-token']).toBe('tok-1');
    // The requests are evidence, as for a stage.
    expect(described.client.exchanges).toHaveLength(3);
  });

  it('gives no token for a login the description does not call a success, or whose answer lacks one', async () => {
    const refused = new DescribedApi(new TargetClient(fakeApi(() => Response.json({ error: 'no' }, { status: 401 })).target), JSON_TOKEN_API);
    expect(await refused.login('alice', 'wrong')).not.toHaveProperty('token');
    const empty = new DescribedApi(new TargetClient(fakeApi(() => Response.json({ data: {} })).target), JSON_TOKEN_API);
    expect(await empty.login('alice', 'right')).not.toHaveProperty('token');
  });

  it('reads a token from an answer header, and sends one as a cookie', async () => {
    const api = fakeApi(({ path }) => (path === '/login' ? new Response(null, { status: 204, headers: { 'X-Auth-Token': 'from-header' } }) : Response.json({ ok: true })));
    const described = new DescribedApi(
      new TargetClient(api.target),
      describedAs({
        version: 1,
        register: { path: '/register', body: { u: '{username}', p: '{password}' } },
        login: { path: '/login', body: { u: '{username}', p: '{password}' }, success: 204, token: { header: 'X-Auth-Token' } },
        protected: { path: '/me', send: { cookie: 'sid' } },
      }),
    );
    const login = await described.login('alice', 'pw');
    expect(login.token).toBe('from-header');
    await described.callProtected({ token: 'from-header' });
    expect(api.sent[1]?.headers.cookie).toBe('sid=from-header');
  });

  it('reads a token from a cookie the login sets', async () => {
    const api = fakeApi(() => new Response(null, { status: 200, headers: { 'Set-Cookie': 'session=abc123; HttpOnly; Path=/' } }));
    const described = new DescribedApi(
      new TargetClient(api.target),
      describedAs({
        version: 1,
        register: { path: '/register', body: { u: '{username}', p: '{password}' } },
        login: { path: '/login', body: { u: '{username}', p: '{password}' }, token: { cookie: 'session' } },
        protected: { path: '/me', send: { cookie: 'session' } },
      }),
    );
    expect((await described.login('alice', 'pw')).token).toBe('abc123');
  });

  it('sends Basic credentials on every request when there is no login step, and refuses to log in', async () => {
    const api = fakeApi(() => Response.json({ ok: true }));
    const described = new DescribedApi(
      new TargetClient(api.target),
      describedAs({ version: 1, register: { path: '/register', body: { u: '{username}', p: '{password}' } }, protected: { path: '/me', send: { basic: true } } }),
    );
    expect(described.hasLogin).toBe(false);
    await described.callProtected({ username: 'alice', password: 'pä:ss' });
    expect(api.sent[0]?.headers.authorization).toBe(`Basic ${btoa(String.fromCharCode(...new TextEncoder().encode('alice:pä:ss')))}`);
    await expect(described.login('alice', 'pw')).rejects.toThrow(/no login step/);
    await expect(described.callProtected({ token: 'x' })).rejects.toThrow(/Basic credentials/);
  });

  it('spends a refresh token and reads the rotated pair', async () => {
    const api = fakeApi(() => Response.json({ data: { access_token: 'tok-2', refresh: 'ref-2' } }));
    const described = new DescribedApi(new TargetClient(api.target), JSON_TOKEN_API);
    expect(await described.refresh('ref-1')).toMatchObject({ token: 'tok-2', refreshToken: 'ref-2' });
    expect(api.sent[0]).toMatchObject({ path: '/api/refresh', body: { rt: 'ref-1' } });
  });

  it('sends a step’s body as an HTML form when its encoding says so, as an OAuth2 password login wants it', async () => {
    const api = fakeApi(() => Response.json({ access_token: 'tok-form' }));
    const described = new DescribedApi(
      new TargetClient(api.target),
      describedAs({
        version: 1,
        register: { path: '/register', body: { username: '{username}', password: '{password}' } },
        login: {
          path: '/token',
          encoding: 'form',
          body: { grant_type: 'password', username: '{username}', password: '{password}', remember: true },
          token: { json: 'access_token' },
        },
        protected: { path: '/users/me', send: { header: 'Authorization', value: 'Bearer {token}' } },
      }),
    );
    expect((await described.login('alice', 'p&ss=word')).token).toBe('tok-form');
    expect(api.sent[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(api.sent[0]?.body).toBe('grant_type=password&username=alice&password=p%26ss%3Dword&remember=true');
  });
});
