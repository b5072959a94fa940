import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdingAttackSlot } from './attack-slot.ts';

afterEach(() => {
  vi.useRealTimers();
});

function fakeLab(answer: { status: number; body: unknown }): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fakeFetch: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}${init?.body === undefined ? '' : ` ${String(init.body)}`}`);
    if (path.endsWith('/attack-runs')) return Response.json(answer.body, { status: answer.status });
    return new Response(null, { status: path.endsWith('/end') ? 204 : 200 });
  };
  return { fetch: fakeFetch, calls };
}

describe('holdingAttackSlot', () => {
  it('takes the slot, renews it every 30 s while the run lasts, and gives it back after, even when the run fails', async () => {
    vi.useFakeTimers();
    const lab = fakeLab({ status: 201, body: { id: 'lease-1', until: '2026-12-03T10:01:30Z' } });
    const run = holdingAttackSlot({ origin: 'https://class.example.org/', fetch: lab.fetch, run: { attack: 'all', stage: 'all' } }, async () => {
      await vi.advanceTimersByTimeAsync(65_000);
      throw new Error('stopped');
    });
    await expect(run).rejects.toThrow('stopped');
    expect(lab.calls).toEqual([
      'POST /api/classroom/attack-runs {"attack":"all","stage":"all"}',
      'POST /api/classroom/attack-runs/lease-1/renew',
      'POST /api/classroom/attack-runs/lease-1/renew',
      'POST /api/classroom/attack-runs/lease-1/end',
    ]);
  });

  it('does not run while another run holds the slot, and says why in the lab’s words', async () => {
    const lab = fakeLab({ status: 429, body: { error: 'An attack run (brute-force on plaintext) is already going', code: 'attack_running' } });
    let ran = false;
    const run = holdingAttackSlot({ origin: 'http://127.0.0.1:3000', fetch: lab.fetch, run: { attack: 'brute-force', stage: 'bcrypt' } }, async () => {
      ran = true;
    });
    await expect(run).rejects.toThrow('An attack run (brute-force on plaintext) is already going');
    expect(ran).toBe(false);
  });
});
