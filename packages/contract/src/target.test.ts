import { describe, expect, it } from 'vitest';
import { readApiDescription } from './api-description.ts';
import { TargetClient } from './client.ts';
import { createDescribedTarget, createStageTarget } from './target.ts';

/** A stage that records what it was sent and keeps its mistakes until a reset, as the lab does. */
function fakeStage(mistakesOn: string[]): { fetch: typeof fetch; sent: string[]; mistakes: Set<string> } {
  const mistakes = new Set(mistakesOn);
  const sent: string[] = [];
  const fakeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(String(input)).pathname.replace('/api/stages/jwt', '') || '/';
    sent.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/') return Response.json({ id: 'jwt', title: 'JWT', policy: {}, lab: { mistakes: [...mistakes] } });
    if (path === '/reset') {
      mistakes.clear();
      return new Response(null, { status: 204 });
    }
    if (path === '/mistakes') {
      const { mistake, enabled } = JSON.parse(String(init?.body)) as { mistake: string; enabled: boolean };
      if (enabled) mistakes.add(mistake);
      else mistakes.delete(mistake);
      return Response.json({ mistakes: [...mistakes] });
    }
    return new Response(null, { status: 404 });
  };
  return { fetch: fakeFetch as typeof fetch, sent, mistakes };
}

describe('createStageTarget', () => {
  it("switches the instructor's mistakes back on after a reset", async () => {
    const stage = fakeStage(['weak-jwt-secret', 'skip-exp-check']);
    await createStageTarget('http://127.0.0.1:9', 'jwt', { fetch: stage.fetch }).reset();
    expect(stage.sent).toEqual(['GET /', 'POST /reset', 'POST /mistakes', 'POST /mistakes']);
    expect([...stage.mistakes]).toEqual(['weak-jwt-secret', 'skip-exp-check']);
  });

  it('only resets a stage that has no mistake on', async () => {
    const stage = fakeStage([]);
    await createStageTarget('http://127.0.0.1:9', 'jwt', { fetch: stage.fetch }).reset();
    expect(stage.sent).toEqual(['GET /', 'POST /reset']);
  });
});

describe('createDescribedTarget', () => {
  it('gives every request a deadline, so an API that never answers cannot hang a run', async () => {
    const hanging = (_input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    const description = readApiDescription(
      '{"version":1,"register":{"path":"/r","body":{"u":"{username}","p":"{password}"}},"protected":{"path":"/me","send":{"basic":true}}}',
    );
    if (!description.ok) throw new Error(description.problems.join('; '));
    const target = createDescribedTarget('http://127.0.0.1:8080', description.description, { fetch: hanging as typeof fetch, timeoutMs: 50 });
    await expect(new TargetClient(target).send('GET', '/me')).rejects.toThrow(/timeout|aborted/i);
    // The run's own Stop still works alongside the deadline.
    const stop = new AbortController();
    const stopped = new TargetClient(createDescribedTarget('http://127.0.0.1:8080', description.description, { fetch: hanging as typeof fetch }), {
      signal: stop.signal,
    }).send('GET', '/me');
    stop.abort(new Error('stopped'));
    await expect(stopped).rejects.toThrow('stopped');
  });

  it('never follows a redirect: it could lead off the machine the learner allowed', async () => {
    const seen: RequestInit[] = [];
    const recording = (_input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
      seen.push(init);
      return Promise.resolve(new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } }));
    };
    const description = readApiDescription(
      '{"version":1,"register":{"path":"/r","body":{"u":"{username}","p":"{password}"}},"protected":{"path":"/me","send":{"basic":true}}}',
    );
    if (!description.ok) throw new Error(description.problems.join('; '));
    const answer = await new TargetClient(createDescribedTarget('http://127.0.0.1:8080', description.description, { fetch: recording as typeof fetch })).send('GET', '/me');
    expect(answer.response.status).toBe(302);
    expect(seen[0]?.redirect).toBe('manual');
  });
});

describe('a stage target in a classroom workspace', () => {
  it('sends the workspace token with every request and waits out the classroom’s own 429, but hands the stage’s 429 on', async () => {
    const seen: (string | null)[] = [];
    const answers = [
      new Response('{}', { status: 429, headers: { 'AuthLab-Workspace-Limit': 'busy', 'Retry-After': '1' } }),
      new Response('{}', { status: 200 }),
      new Response('{}', { status: 429, headers: { 'Retry-After': '60' } }),
    ];
    const fakeFetch: typeof fetch = async (_input, init) => {
      seen.push(new Headers(init?.headers).get('AuthLab-Workspace'));
      return answers.shift() ?? new Response('', { status: 500 });
    };
    const target = createStageTarget('http://127.0.0.1:1', 'plaintext', { fetch: fakeFetch, workspaceToken: 'sel.verifier' });
    expect((await target.fetch!('http://127.0.0.1:1/api/stages/plaintext/login', { method: 'POST', body: '{}' })).status).toBe(200);
    // The stage's own limiter: no classroom header, so the check sees it at once.
    expect((await target.fetch!('http://127.0.0.1:1/api/stages/plaintext/login', { method: 'POST', body: '{}' })).status).toBe(429);
    expect(seen).toEqual(['sel.verifier', 'sel.verifier', 'sel.verifier']);
  });
});
