import { ATTACK_IDS } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { ATTACKS, getAttack } from './registry.ts';

describe('the attack registry', () => {
  it('files every attack under its own id, in ATTACK_IDS order', () => {
    expect(ATTACKS.map((attack) => attack.id)).toEqual(ATTACK_IDS);
    for (const id of ATTACK_IDS) expect(getAttack(id).id).toBe(id);
  });
});
