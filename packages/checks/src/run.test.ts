import { describe, expect, it } from 'vitest';
import { runChecks } from './run.ts';

/** A stage that describes itself at once and then never answers, until the request is aborted. */
function silentStage() {
  const sent: string[] = [];
  let hung: () => void = () => undefined;
  /** Settles when the first request that will never be answered arrives: a check is in flight. */
  const firstHang = new Promise<void>((resolve) => (hung = resolve));
  const fakeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname.replace('/api/stages/quiet', '');
    sent.push(`${init.method ?? 'GET'} ${path || '/'}`);
    if (path === '') return Promise.resolve(Response.json({ id: 'quiet', title: 'Quiet', policy: {} }));
    hung();
    return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
  };
  return {
    sent,
    firstHang,
    target: { baseUrl: 'http://127.0.0.1:9/api/stages/quiet', fetch: fakeFetch as typeof fetch, advanceClock: async () => undefined, reset: async () => undefined },
  };
}

describe('runChecks with a signal', () => {
  it('stops at once when stopped mid-check, and reports no verdict for the check it cut off', async () => {
    const stage = silentStage();
    const stop = new AbortController();
    const onResult = (): void => {
      throw new Error('no check should report');
    };
    const run = runChecks(stage.target, { signal: stop.signal, onResult });
    await stage.firstHang;
    stop.abort();
    await expect(run).resolves.toEqual([]);
    expect(stage.sent.length).toBeGreaterThan(1);
  });
});

describe('runChecks stopped before it starts', () => {
  it('reports nothing and throws nothing', async () => {
    const stage = silentStage();
    const stop = new AbortController();
    stop.abort();
    await expect(runChecks(stage.target, { signal: stop.signal })).resolves.toEqual([]);
  });
});
