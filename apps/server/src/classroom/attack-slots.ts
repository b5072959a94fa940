import { randomBytes } from 'node:crypto';

/**
 * One attack run at a time per workspace. The attack lab and the attack CLI ask for the slot
 * before a run, renew it while the run lasts, and give it back after; a slot whose holder
 * vanished (a closed tab) frees itself when its lease runs out.
 */

export interface AttackSlot {
  id: string;
  attack: string;
  stage: string;
  untilMs: number;
}

export interface AttackSlots {
  /** The new slot, or the one still held when there is one. */
  take(workspace: string, run: { attack: string; stage: string }): { taken: AttackSlot } | { held: AttackSlot };
  /** Gives the slot back; false when `id` is not the workspace's current slot. */
  end(workspace: string, id: string): boolean;
  /** Extends the workspace's current slot by another lease; undefined when `id` does not hold it. */
  renew(workspace: string, id: string): AttackSlot | undefined;
  /** The run holding the workspace's slot now, if any: the dashboard shows it. */
  current(workspace: string): AttackSlot | undefined;
  forget(workspace: string): void;
}

/** Every attack's own budget is at most 60 s; the lease adds room for the requests still in flight. Longer runs renew it. */
const ATTACK_LEASE_MS = 90_000;

export function createAttackSlots(clock: () => number): AttackSlots {
  const slots = new Map<string, AttackSlot>();
  const current = (workspace: string): AttackSlot | undefined => {
    const slot = slots.get(workspace);
    if (slot !== undefined && slot.untilMs <= clock()) slots.delete(workspace);
    return slots.get(workspace);
  };
  return {
    take(workspace, run) {
      const held = current(workspace);
      if (held !== undefined) return { held };
      const taken = { id: randomBytes(12).toString('base64url'), ...run, untilMs: clock() + ATTACK_LEASE_MS };
      slots.set(workspace, taken);
      return { taken };
    },
    end(workspace, id) {
      if (current(workspace)?.id !== id) return false;
      slots.delete(workspace);
      return true;
    },
    renew(workspace, id) {
      const slot = current(workspace);
      if (slot?.id !== id) return undefined;
      slot.untilMs = clock() + ATTACK_LEASE_MS;
      return slot;
    },
    current,
    forget(workspace) {
      slots.delete(workspace);
    },
  };
}
