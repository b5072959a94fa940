import type { ClassroomStatus } from '@authlab/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const CLASSROOM: ClassroomStatus = { mode: 'classroom', joinOpen: true, follow: null, idleDeleteHours: 24, learner: null, instructor: false };

interface Sent {
  url: string;
  init: RequestInit | undefined;
}

/** A lab that answers `GET /api/classroom` with `status`, the relay with `relayed` in turn (then a 401 from stage 4), and any stage request with 204. */
function fakeLab(status: ClassroomStatus, relayed: object[] = []): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    sent.push({ url, init });
    if (url === '/api/classroom') return Promise.resolve(Response.json(status));
    if (url === '/api/relay') {
      const next = relayed.shift();
      if (next !== undefined) return Promise.resolve(Response.json(next));
      return Promise.resolve(Response.json({ status: 401, statusText: 'Unauthorized', headers: { 'www-authenticate': 'Basic realm="basic"' }, body: '{"error":"x"}' }));
    }
    return Promise.resolve(new Response(null, { status: 204 }));
  });
  return sent;
}

/** client.ts keeps the lab's mode once read: each test loads it afresh. */
async function loadClient(): Promise<typeof import('./client.ts')> {
  vi.resetModules();
  return import('./client.ts');
}

beforeEach(() => {
  vi.stubGlobal('window', { location: { origin: 'http://127.0.0.1:3000' } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('stage requests', () => {
  it('go straight to the stage without cookies on a local lab, so stage 4 never opens a login dialog', async () => {
    const sent = fakeLab({ mode: 'local' });
    const client = await loadClient();
    await client.fetchClassroomStatus();
    const target = await client.attackTarget('basic');
    await target.fetch?.(`${target.baseUrl}/records`);
    const request = sent.at(-1);
    expect(request?.url).toBe('http://127.0.0.1:3000/api/stages/basic/records');
    expect(request?.init?.credentials).toBe('omit');
  });

  it('go through the relay in a classroom, with the browser’s cookies, and come back as the stage answered', async () => {
    const sent = fakeLab(CLASSROOM);
    const client = await loadClient();
    await client.fetchClassroomStatus();
    const target = await client.checkTarget('basic');
    const answer = await target.fetch?.(`${target.baseUrl}/records`, { headers: { Authorization: 'Basic eDp5' } });
    const request = sent.at(-1);
    expect(request?.url).toBe('/api/relay');
    // Default credentials: the workspace cookie must reach the relay.
    expect(request?.init?.credentials).toBeUndefined();
    expect(JSON.parse(String(request?.init?.body))).toEqual({ method: 'GET', path: '/api/stages/basic/records', headers: { authorization: 'Basic eDp5' } });
    expect(answer?.status).toBe(401);
    expect(answer?.headers.get('www-authenticate')).toBe('Basic realm="basic"');
  });

  it('from the request panel go through the relay too in a classroom', async () => {
    const sent = fakeLab(CLASSROOM);
    const client = await loadClient();
    await client.fetchClassroomStatus();
    const exchange = await client.sendRequest({ method: 'POST', path: '/api/stages/plaintext/login', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(sent.at(-1)?.url).toBe('/api/relay');
    expect(exchange.response.status).toBe(401);
  });

  it('wait for the lab’s mode rather than guess it', async () => {
    const sent = fakeLab(CLASSROOM);
    const client = await loadClient();
    const status = client.fetchClassroomStatus();
    const target = await client.attackTarget('plaintext');
    const answered = target.fetch?.(`${target.baseUrl}/breach`);
    await status;
    await answered;
    expect(sent.map((request) => request.url)).toEqual(['/api/classroom', '/api/relay']);
  });
});

describe('the classroom’s own 429', () => {
  const busy = { status: 429, statusText: 'Too Many Requests', headers: { 'authlab-workspace-limit': 'busy', 'retry-after': '1' }, body: '{}' };
  const stageLimit = { status: 429, statusText: 'Too Many Requests', headers: { 'retry-after': '60' }, body: '{}' };

  it('is waited out, while the stage’s own 429 reaches the check at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const sent = fakeLab(CLASSROOM, [busy, stageLimit]);
      const client = await loadClient();
      await client.fetchClassroomStatus();
      const target = await client.checkTarget('lockout');
      const answer = target.fetch?.(`${target.baseUrl}/login`, { method: 'POST', body: '{}' });
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await answer)?.status).toBe(429);
      expect((await answer)?.headers.get('retry-after')).toBe('60');
      expect(sent.filter((request) => request.url === '/api/relay')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
