import type { UnrestrictedAnswer, UnrestrictedRequest } from '@authlab/contract';

/** Statuses whose answer has no body: a Response built with one would throw. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A fetch whose every request `relay` sends (one of the lab's relays), answered as fetch would answer. */
export function relayedFetch(relay: (request: UnrestrictedRequest) => Promise<UnrestrictedAnswer>): typeof fetch {
  return async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const answer = await relay({
      method: init?.method ?? 'GET',
      url: input instanceof Request ? input.url : String(input),
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      ...(init?.signal ? { signal: init.signal } : {}),
    });
    return asResponse(answer);
  };
}

/** A relayed answer as fetch would have given it (the browser drops Set-Cookie here, as it would there). */
function asResponse(answer: UnrestrictedAnswer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const line of [value].flat()) headers.append(name, line);
  }
  const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
  try {
    return new Response(body, { status: answer.status, statusText: answer.statusText ?? '', headers });
  } catch {
    // A reason phrase Response will not take, or a status outside 200–599: keep the status if it can.
    return new Response(body, { status: answer.status >= 200 && answer.status <= 599 ? answer.status : 502, headers });
  }
}
