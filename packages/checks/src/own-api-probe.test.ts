import { createDescribedTarget, readApiDescription, type ApiDescription } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { defineCheck, pass } from './check.ts';
import { getCheck } from './registry.ts';
import { Probe, RunScope } from './probe.ts';

const DESCRIPTION: ApiDescription = described({
  version: 1,
  register: { path: '/signup', body: { email: '{username}@example.test', pass: '{password}' } },
  login: { path: '/signin', body: { email: '{username}@example.test', pass: '{password}' }, token: { json: 'jwt' } },
  protected: { path: '/me', send: { header: 'x-access-token', value: '{token}' } },
});

function described(value: unknown): ApiDescription {
  const read = readApiDescription(JSON.stringify(value));
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.description;
}

/** A learner's API in one function of method and path; `sent` keeps every request in order. */
function ownApi(answer: (method: string, path: string, headers: Headers) => Response, description: ApiDescription = DESCRIPTION) {
  const sent: string[] = [];
  const fakeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const path = new URL(String(input)).pathname;
    sent.push(`${method} ${path}`);
    return Promise.resolve(answer(method, path, new Headers(init.headers)));
  };
  return { sent, target: createDescribedTarget('http://127.0.0.1:8080/', description, { fetch: fakeFetch as typeof fetch }) };
}

const rateLimited = (retryAfter: string): Response => Response.json({ error: 'slow down' }, { status: 429, headers: { 'Retry-After': retryAfter } });

describe('Probe on a learner’s own API', () => {
  it('registers and logs in with the paths and bodies of the description, and sends the token as it says', async () => {
    const api = ownApi((_method, path) => (path === '/signin' ? Response.json({ jwt: 'opaque-1' }) : Response.json({}, { status: path === '/signup' ? 201 : 200 })));
    const probe = new Probe(api.target);
    const signedIn = await probe.signIn();
    expect(signedIn.caller).toEqual({ token: 'opaque-1' });
    const me = await probe.callProtected(signedIn.caller);
    expect(me.request.headers['x-access-token']).toBe('opaque-1');
    expect(api.sent).toEqual(['POST /signup', 'POST /signin', 'GET /me']);
  });

  it('never sends a lab route: a reset is a fresh account, and there is no clock to move', async () => {
    const api = ownApi((_method, path) => Response.json({}, { status: path === '/signup' ? 201 : 200 }));
    const probe = new Probe(api.target);
    const first = await probe.account();
    await probe.reset();
    const second = await probe.account();
    expect(second.username).not.toBe(first.username);
    expect(api.sent).toEqual(['POST /signup', 'POST /signup']);
    expect(probe.hasClock).toBe(false);
    await expect(probe.advanceClock(60)).rejects.toThrow(/no demo clock/);
  });

  it('waits out a 429 for as long as Retry-After says, then sends the request again', async () => {
    let refusals = 1;
    const api = ownApi(() => (refusals-- > 0 ? rateLimited('1') : Response.json({}, { status: 201 })));
    const scope = new RunScope();
    const probe = new Probe(api.target, scope);
    const started = performance.now();
    const registered = await probe.register('alice', 'orchid-lantern-sky');
    expect(registered.response.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(scope.waitedSeconds).toBeCloseTo(1, 1);
    expect(api.sent).toHaveLength(2);
    // Only the answer that counts is evidence.
    expect(probe.exchanges.map((exchange) => exchange.response.status)).toEqual([201]);
  });

  it('gives a 429 back at once to a check that is looking for it', async () => {
    const api = ownApi(() => rateLimited('60'));
    const probe = new Probe(api.target);
    const attempt = await probe.attempt('alice', 'wrong', { onRateLimit: 'answer' });
    expect(attempt.response.status).toBe(429);
    expect(api.sent).toHaveLength(1);
  });

  it('stops waiting when the run is stopped', async () => {
    const api = ownApi(() => rateLimited('60'));
    const stop = new AbortController();
    const probe = new Probe(api.target, new RunScope(stop.signal));
    const pending = probe.register('alice', 'orchid-lantern-sky');
    setTimeout(() => stop.abort(new Error('stopped')), 20);
    await expect(pending).rejects.toThrow('stopped');
  });

  it('answers n/a, never pass or fail, when a check would send more than its budget', async () => {
    const api = ownApi(() => Response.json({}, { status: 401 }));
    const greedy = defineCheck({
      ...getCheck('generic-login-error'),
      budget: 3,
      async decide(probe) {
        for (let attempt = 0; attempt < 5; attempt++) await probe.attempt('alice', 'wrong');
        return pass('never reached');
      },
    });
    const result = await greedy.run(api.target);
    expect(result).toMatchObject({ status: 'n/a', requests: 3 });
    expect(result.evidence.explanation).toMatch(/budget of 3 requests/);
    expect(api.sent).toHaveLength(3);
  });

  it('keeps each real check within the budget it declares, on an API that refuses nothing', async () => {
    const api = ownApi((_method, path) => (path === '/signin' ? Response.json({ jwt: 'opaque-1' }) : Response.json({}, { status: path === '/signup' ? 201 : 200 })));
    const spray = await getCheck('login-rate-limited').run(api.target);
    expect(spray.status).toBe('fail');
    expect(spray.requests).toBeLessThanOrEqual(getCheck('login-rate-limited').budget);
  });

  it('watches an opaque token expire for real when the description says it lives at most 90 s', async () => {
    const shortLived = described({ ...JSON.parse(JSON.stringify(DESCRIPTION)), known: { accessTokenSeconds: 1 } });
    const issued = new Map<string, number>();
    const expiring = (expires: boolean) =>
      ownApi((_method, path, headers) => {
        if (path === '/signup') return Response.json({}, { status: 201 });
        if (path === '/signin') {
          const token = `opaque-${issued.size}`;
          issued.set(token, Date.now());
          return Response.json({ jwt: token });
        }
        const age = Date.now() - (issued.get(headers.get('x-access-token') ?? '') ?? Number.NEGATIVE_INFINITY);
        return Response.json({}, { status: age < 1000 || !expires ? 200 : 401 });
      }, shortLived);
    const check = getCheck('token-expires');
    const [refused, forever] = await Promise.all([check.run(expiring(true).target), check.run(expiring(false).target)]);
    expect(refused).toMatchObject({ status: 'pass', evidence: { measurements: { waitSeconds: 2 } } });
    expect(forever.status).toBe('fail');
  });
});

describe('the checks on an API that answers the same to everything: no verdict by accident', () => {
  const jwtLogin = (_method: string, path: string): Response | undefined =>
    path === '/signup' ? Response.json({}, { status: 201 }) : path === '/signin' ? Response.json({ jwt: 'opaque-token' }) : undefined;

  it('tamper, alg none and expiry answer n/a when the protected route refuses even the real token', async () => {
    const api = ownApi((method, path) => jwtLogin(method, path) ?? Response.json({ error: 'no' }, { status: 401 }));
    for (const id of ['tamper-rejected', 'alg-none-rejected', 'token-expires', 'credentials-not-resent'] as const) {
      const result = await getCheck(id).run(api.target);
      expect(result.status, id).toBe('n/a');
      expect(result.evidence.explanation, id).toMatch(/refused the signed-in account itself \(HTTP 401\) \(check protected.send/);
    }
  });

  it('password-policy answers n/a when even a strong password is refused, never "all refused"', async () => {
    const api = ownApi(() => Response.json({ error: 'closed' }, { status: 401 }));
    const result = await getCheck('password-policy').run(api.target);
    expect(result.status).toBe('n/a');
    expect(result.evidence.explanation).toMatch(/registration answered 401/);
  });

  it('login-rate-limited answers n/a when every attempt, the first too, gets 429', async () => {
    const api = ownApi(() => rateLimited('1'));
    const result = await getCheck('login-rate-limited').run(api.target);
    expect(result.status).toBe('n/a');
  });

  it('generic-login-error fails when a wrong password logs in, however alike the answers look', async () => {
    const api = ownApi((method, path) => jwtLogin(method, path) ?? Response.json({}));
    const result = await getCheck('generic-login-error').run(api.target);
    expect(result).toMatchObject({ status: 'fail', evidence: { explanation: expect.stringMatching(/A wrong password logged in/) as unknown } });
  });
});
