import { describe, expect, it } from 'vitest';
import { createStageTarget } from './target.ts';

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
