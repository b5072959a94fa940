import type { AttackPolicy } from '../target.ts';

export interface FakeStage {
  fetch: typeof fetch;
  /** `METHOD path` of every request, in order. */
  requests: string[];
  mistakes: Set<string>;
}

export interface FakeStageOptions {
  policy?: AttackPolicy;
  /** The status every login answers; 401 "Wrong password" by default. */
  loginStatus?: number;
  registerStatus?: number;
  expectedAttacks?: Record<string, string>;
}

/** An in-memory stand-in for one stage of the lesson server, answering through a fake fetch. */
export function createFakeStage(options: FakeStageOptions = {}): FakeStage {
  const requests: string[] = [];
  const mistakes = new Set<string>();
  const json = (status: number, body?: unknown): Response =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    init.signal?.throwIfAborted();
    const path = new URL(String(input)).pathname.replace('/api/stages/fake', '');
    const method = init.method ?? 'GET';
    requests.push(`${method} ${path}`);
    if (method === 'GET' && path === '') {
      return json(200, {
        id: 'fake',
        title: 'Fake stage',
        policy: options.policy ?? { authentication: 'session-token', accessToken: { kind: 'opaque', ttlSeconds: null }, lockout: null, rateLimit: null },
        ...(options.expectedAttacks ? { expectedAttacks: options.expectedAttacks } : {}),
        lab: { clockOffsetSeconds: 0, mistakes: [...mistakes] },
      });
    }
    if (path === '/reset') {
      mistakes.clear();
      return json(204);
    }
    if (path === '/mistakes') {
      const { mistake, enabled } = JSON.parse(String(init.body)) as { mistake: string; enabled: boolean };
      if (enabled) mistakes.add(mistake);
      return json(200, { mistakes: [...mistakes] });
    }
    if (path === '/register') return json(options.registerStatus ?? 201, { username: 'x' });
    if (path === '/login') return json(options.loginStatus ?? 401, { error: 'Wrong password' });
    return json(404, { error: 'Not found' });
  };
  return { fetch: fakeFetch as typeof fetch, requests, mistakes };
}
