/**
 * Requests to a learner's own API. The page never sends them itself: a learner's API rarely
 * answers with CORS headers, so the page could not read its answers, and no page may set Cookie
 * or read Set-Cookie. The lab sends each one for the page (`POST /api/relay/own`, to this
 * machine only) and hands back the whole answer.
 */
import type { ApiDescription, ApiTarget, UnrestrictedAnswer, UnrestrictedRequest } from '@authlab/contract';
import { relayedFetch } from './relayed-response.ts';

const OWN_REQUEST_TIMEOUT_MS = 30_000;

/** The practice checks' target for the API at `url`, every request relayed by the lab. */
export async function ownApiTarget(url: string, description: ApiDescription): Promise<ApiTarget> {
  const { createDescribedTarget } = await import('@authlab/contract/target');
  const throughLab = relayedFetch(relayToOwnApi);
  return { ...createDescribedTarget(url, description, { fetch: throughLab }), sendUnrestricted: relayToOwnApi };
}

/**
 * Throws, with the lab's reason, when nothing answers at `url`: otherwise every check would fail
 * with that same reason. One GET of the URL itself; any HTTP answer will do.
 */
export async function checkOwnApiAnswers(url: string, signal: AbortSignal): Promise<void> {
  await relayToOwnApi({ method: 'GET', url, headers: {}, signal });
}

async function relayToOwnApi(request: UnrestrictedRequest): Promise<UnrestrictedAnswer> {
  const timeout = AbortSignal.timeout(OWN_REQUEST_TIMEOUT_MS);
  const response = await fetch('/api/relay/own', {
    method: 'POST',
    signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    headers: { 'Content-Type': 'application/json' },
    cache: 'no-store',
    body: JSON.stringify({ method: request.method, url: request.url, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) }),
  });
  const answer = (await response.json()) as UnrestrictedAnswer & { error?: string };
  // The lab's own words (nothing listening, too slow, refused URL) say more than its status.
  if (!response.ok) throw new Error(answer.error ?? `the lab's relay answered ${response.status}`);
  return answer;
}
