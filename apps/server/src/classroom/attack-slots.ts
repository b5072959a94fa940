import { randomBytes } from 'node:crypto';
import type { SharedCounters } from '../counters/index.ts';

/**
 * One attack run at a time per workspace. The attack lab and the attack CLI ask for the slot
 * before a run, renew it while the run lasts, and give it back after; a slot whose holder
 * vanished (a closed tab, a process that died) frees itself when its lease runs out. The slot is
 * a lease in the shared counters, so every process serving the class sees the same one.
 */

export interface AttackSlot {
  id: string;
  attack: string;
  stage: string;
  untilMs: number;
}

export interface AttackSlots {
  /** The new slot, or the one still held when there is one. */
  take(workspace: string, run: { attack: string; stage: string }): Promise<{ taken: AttackSlot } | { held: AttackSlot }>;
  /** Gives the slot back; false when `id` is not the workspace's current slot. */
  end(workspace: string, id: string): Promise<boolean>;
  /** Extends the workspace's current slot by another lease; undefined when `id` does not hold it. */
  renew(workspace: string, id: string): Promise<AttackSlot | undefined>;
  /** The run holding the workspace's slot now, if any: the dashboard shows it. */
  current(workspace: string): Promise<AttackSlot | undefined>;
  forget(workspace: string): Promise<void>;
}

/** Every attack's own budget is at most 60 s; the lease adds room for the requests still in flight. Longer runs renew it. */
const ATTACK_LEASE_MS = 90_000;

const slotKey = (workspace: string): string => `attack-slot:${workspace}`;

export function createAttackSlots(counters: SharedCounters, clock: () => number): AttackSlots {
  const slotOf = (lease: { holder: string; data: string; ttlMs: number }): AttackSlot => {
    const run = JSON.parse(lease.data) as { attack: string; stage: string };
    return { id: lease.holder, attack: run.attack, stage: run.stage, untilMs: clock() + lease.ttlMs };
  };
  const current = async (workspace: string): Promise<AttackSlot | undefined> => {
    const lease = await counters.leases.current(slotKey(workspace));
    return lease && slotOf(lease);
  };
  return {
    async take(workspace, run) {
      const id = randomBytes(12).toString('base64url');
      const answer = await counters.leases.take(slotKey(workspace), id, JSON.stringify({ attack: run.attack, stage: run.stage }), ATTACK_LEASE_MS);
      return answer.taken ? { taken: { id, ...run, untilMs: clock() + ATTACK_LEASE_MS } } : { held: slotOf(answer) };
    },
    end: (workspace, id) => counters.leases.release(slotKey(workspace), id),
    async renew(workspace, id) {
      if (!(await counters.leases.renew(slotKey(workspace), id, ATTACK_LEASE_MS))) return undefined;
      return current(workspace);
    },
    current,
    async forget(workspace) {
      const lease = await counters.leases.current(slotKey(workspace));
      if (lease !== undefined) await counters.leases.release(slotKey(workspace), lease.holder);
    },
  };
}
