import { ATTACK_IDS, decodeBasicAuthorization, type AttackOutcome, type ExpectedAttackProfile, type TargetPolicy } from '@authlab/contract';

/** One password guess as the fake stage sees it, by `POST /login` or Basic on `/records`. */
export interface FakeLoginAttempt {
  username: string;
  password: string;
  /** The password this name registered with, if it did. */
  registeredPassword: string | undefined;
}

export interface FakeStage {
  fetch: typeof fetch;
  /** `METHOD path` of every request, in order. */
  requests: string[];
  mistakes: Set<string>;
}

export interface FakeStageOptions {
  policy?: TargetPolicy;
  /** The status every login answers; 401 "Wrong password" by default. */
  loginStatus?: number;
  /** Decides each guess instead of `loginStatus`, e.g. a lockout; may take its time like a hash would. */
  answerLogin?: (attempt: FakeLoginAttempt) => number | Promise<number>;
  registerStatus?: number;
  /** Called on `POST /reset`, for a fake that keeps counters of its own. */
  onReset?: () => void;
  /** What the stage publishes it expects of the attacks named; every other attack is expected not to apply. */
  expectedAttacks?: Partial<Record<keyof ExpectedAttackProfile, AttackOutcome>>;
}

/** An in-memory stand-in for one stage of the lesson server, answering through a fake fetch. */
export function createFakeStage(options: FakeStageOptions = {}): FakeStage {
  const requests: string[] = [];
  const mistakes = new Set<string>();
  const users = new Map<string, string>();
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
        ...(options.expectedAttacks ? { expectedAttacks: { ...Object.fromEntries(ATTACK_IDS.map((id) => [id, 'not-applicable'])), ...options.expectedAttacks } } : {}),
        lab: { clockOffsetSeconds: 0, mistakes: [...mistakes] },
      });
    }
    if (path === '/reset') {
      mistakes.clear();
      options.onReset?.();
      return json(204);
    }
    if (path === '/mistakes') {
      const { mistake, enabled } = JSON.parse(String(init.body)) as { mistake: string; enabled: boolean };
      if (enabled) mistakes.add(mistake);
      return json(200, { mistakes: [...mistakes] });
    }
    if (path === '/register') {
      const { username, password } = JSON.parse(String(init.body)) as { username: string; password: string };
      if (options.registerStatus === undefined) users.set(username, password);
      return json(options.registerStatus ?? 201, { username });
    }
    const guess = readGuess(path, init);
    if (guess !== undefined) {
      const status = options.answerLogin ? await options.answerLogin({ ...guess, registeredPassword: users.get(guess.username) }) : (options.loginStatus ?? 401);
      return status === 200 ? json(200, { token: 'fake-token' }) : json(status, { error: status === 401 ? 'Wrong password' : `HTTP ${status}` });
    }
    return json(404, { error: 'Not found' });
  };
  return { fetch: fakeFetch as typeof fetch, requests, mistakes };
}

function readGuess(path: string, init: RequestInit): { username: string; password: string } | undefined {
  if (path === '/login') return JSON.parse(String(init.body)) as { username: string; password: string };
  const authorization = new Headers(init.headers).get('authorization');
  if (path !== '/records' || authorization === null) return undefined;
  return decodeBasicAuthorization(authorization);
}
