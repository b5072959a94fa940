import type { AttackRunLease } from './classroom.ts';

/**
 * The client side of a classroom workspace's one attack slot, for the attack lab and the attack
 * CLI alike: take it before a run, renew it while the run lasts (a lease left alone runs out, so
 * a closed tab frees it), give it back after. Outside a classroom there is no slot to take.
 */

/** Well inside the server's 90 s lease, so one late renewal never loses the slot. */
const RENEW_EVERY_MS = 30_000;

export interface AttackSlotOptions {
  /** The lesson server, e.g. `https://class.example.org`. */
  origin: string;
  /** A fetch that carries the workspace (the browser's cookie, or the CLI's header). */
  fetch: typeof fetch;
  run: { attack: string; stage: string };
}

export async function holdingAttackSlot<T>(options: AttackSlotOptions, work: () => Promise<T>): Promise<T> {
  const runs = `${options.origin.replace(/\/+$/, '')}/api/classroom/attack-runs`;
  const post = (url: string, body?: unknown): Promise<Response> =>
    options.fetch(url, { method: 'POST', ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
  const taken = await post(runs, options.run);
  if (taken.status !== 201) {
    const reason = ((await taken.json().catch(() => undefined)) as { error?: unknown } | undefined)?.error;
    throw new Error(typeof reason === 'string' ? reason : `the lab refused the attack run (${taken.status})`);
  }
  const lease = (await taken.json()) as AttackRunLease;
  const slot = `${runs}/${encodeURIComponent(lease.id)}`;
  // A failed renewal is not the run's failure: the lease still has a minute to go.
  const renewal = setInterval(() => void post(`${slot}/renew`).catch(() => undefined), RENEW_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await post(`${slot}/end`).catch(() => undefined);
  }
}
