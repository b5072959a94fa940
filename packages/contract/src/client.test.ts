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
