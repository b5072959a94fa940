/**
 * What the presets are built from: the learner's username and password, and the account they
 * last registered on a stage in this session (remembered from the history, not retyped).
 */
import type { ExchangeRecord } from '../api/types.ts';

export interface Credentials {
  username: string;
  password: string;
}

/** Made up, long enough and not on any common-password list, so even the lockout stage accepts it. */
export const DEFAULT_CREDENTIALS: Credentials = { username: 'alice', password: 'correct-horse-battery-42' };

/** The newest account registered (201) in this history, newest first as the session keeps it. */
export function lastRegistered(history: readonly ExchangeRecord[]): Credentials | undefined {
  for (const { request, response } of history) {
    if (request.method !== 'POST' || !/\/register$/.test(request.path) || response.status !== 201) continue;
    const sent = parseCredentials(request.body);
    if (sent === undefined) continue;
    const answered = response.json as { username?: unknown } | undefined;
    // The server lower-cases usernames; its answer is the canonical spelling.
    return { username: typeof answered?.username === 'string' ? answered.username : sent.username, password: sent.password };
  }
  return undefined;
}

function parseCredentials(body: string | undefined): Credentials | undefined {
  try {
    const value = JSON.parse(body ?? '') as Partial<Credentials> | null;
    return typeof value?.username === 'string' && typeof value.password === 'string' ? { username: value.username, password: value.password } : undefined;
  } catch {
    return undefined;
  }
}
