import type { Exchange } from '@authlab/contract';

/** username → stored credential, from a `/breach` dump. */
export function storedValues(breach: Exchange): Map<string, string> {
  const body = breach.response.body as { users?: { username?: unknown; stored?: unknown }[] } | null;
  const entries = (body?.users ?? []).flatMap((user) => (typeof user.username === 'string' && typeof user.stored === 'string' ? [[user.username, user.stored] as const] : []));
  return new Map(entries);
}
