import { describe, expect, it } from 'vitest';
import { TargetClient, errorOf, retryAfterOf, succeeded } from './client.ts';

/** A target whose every answer is `answer`, after `delayMs`, honouring the request's signal as fetch does. */
function target(answer: () => Response, delayMs = 0) {
  const sent: string[] = [];
  const fakeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    sent.push(`${init.method ?? 'GET'} ${String(input)}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(answer()), delayMs);
      init.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      });
    });
  };
  return { sent, target: { baseUrl: 'http://127.0.0.1:9/api/stages/jwt', fetch: fakeFetch as typeof fetch, advanceClock: async () => undefined } };
}

const refusal = (): Response => Response.json({ error: 'Too many attempts' }, { status: 429, headers: { 'Retry-After': '42', 'X-Other': 'noise' } });

describe('TargetClient', () => {
  it('reads at most a megabyte of an answer, however much the target sends', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const { target: flooding } = target(() => new Response(endless));
    const exchange = await new TargetClient(flooding).send('GET', '/records');
    expect(exchange.response.body).toHaveLength(1024 * 1024);
    expect(pulled).toBeLessThan(20);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores what is neither', () => {
    const answered = (value: string) => ({
      request: { method: 'GET', path: '/', headers: {} },
      response: { status: 429, headers: { 'retry-after': value }, body: null },
      durationMs: 1,
    });
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterOf(answered('120'), now)).toBe(120);
    expect(retryAfterOf(answered('Thu, 03 Dec 2026 10:00:30 GMT'), now)).toBe(30);
    expect(retryAfterOf(answered('Thu, 03 Dec 2026 09:00:00 GMT'), now)).toBe(0);
    expect(retryAfterOf(answered('-5'), now)).toBeUndefined();
    expect(retryAfterOf(answered('soon'), now)).toBeUndefined();
  });

  it('keeps each exchange as evidence, with the headers worth showing and the parsed body', async () => {
    const { target: stage } = target(refusal);
    const client = new TargetClient(stage);
    const exchange = await client.login('alice', 'wrong-password');
    expect(client.exchanges).toEqual([exchange]);
    expect(exchange.request).toEqual({
      method: 'POST',
      path: '/login',
      headers: { 'Content-Type': 'application/json' },
      body: { username: 'alice', password: 'wrong-password' },
    });
    expect(exchange.response).toEqual({ status: 429, headers: { 'retry-after': '42' }, body: { error: 'Too many attempts' } });
    expect([errorOf(exchange), retryAfterOf(exchange), succeeded(exchange)]).toEqual(['Too many attempts', 42, false]);
  });

  it('keeps nothing when told to, unless one request asks to be kept', async () => {
    const { target: stage } = target(() => new Response(null, { status: 204 }));
    const client = new TargetClient(stage, { keepEvidence: false });
    await client.breach();
    const kept = await client.send('POST', '/reset', { record: true });
    expect(client.exchanges).toEqual([kept]);
  });

  it('cuts off the request in flight when its signal aborts, and sends nothing after', async () => {
    const { sent, target: stage } = target(refusal, 10_000);
    const stop = new AbortController();
    const client = new TargetClient(stage, { signal: stop.signal });
    const inFlight = client.login('alice', 'guess-1');
    stop.abort();
    await expect(inFlight).rejects.toThrow();
    await expect(client.login('alice', 'guess-2')).rejects.toThrow();
    expect(sent).toEqual(['POST http://127.0.0.1:9/api/stages/jwt/login']);
  });
});
