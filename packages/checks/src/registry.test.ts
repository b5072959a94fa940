import { CHECK_IDS } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { CHECKS, getCheck } from './registry.ts';

describe('the check registry', () => {
  it('files every check under its own id, in CHECK_IDS order', () => {
    expect(CHECKS.map((check) => check.id)).toEqual(CHECK_IDS);
    for (const id of CHECK_IDS) expect(getCheck(id).id).toBe(id);
  });
});
