import { describe, expect, it } from 'vitest';
import { timingSafeEqualStrings } from './timing.ts';

describe('timingSafeEqualStrings', () => {
  it('returns true for identical strings', () => {
    expect(timingSafeEqualStrings('correct horse', 'correct horse')).toBe(true);
  });

  it('returns false for strings of the same length that differ only in the last character', () => {
    expect(timingSafeEqualStrings('secret-a', 'secret-b')).toBe(false);
  });

  it('returns false instead of throwing when the lengths differ', () => {
    expect(timingSafeEqualStrings('secret', 'secret-and-more')).toBe(false);
    expect(timingSafeEqualStrings('secret-and-more', 'secret')).toBe(false);
  });

  it('returns true for two empty strings', () => {
    expect(timingSafeEqualStrings('', '')).toBe(true);
  });

  it('returns false when only one side is empty', () => {
    expect(timingSafeEqualStrings('', 'x')).toBe(false);
    expect(timingSafeEqualStrings('x', '')).toBe(false);
  });

  it('is case-sensitive', () => {
    expect(timingSafeEqualStrings('Secret', 'secret')).toBe(false);
  });

  it('compares UTF-8 bytes, so composed and decomposed accents are different strings', () => {
    expect(timingSafeEqualStrings('caf\u00e9', 'cafe\u0301')).toBe(false);
    expect(timingSafeEqualStrings('caf\u00e9', 'caf\u00e9')).toBe(true);
  });
});
