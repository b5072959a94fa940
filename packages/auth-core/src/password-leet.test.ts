import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCell, foldLeet } from './password-leet.ts';

describe('foldLeet', () => {
  it('undoes case and the usual leetspeak swaps', () => {
    expect(foldLeet('P@$$w0rd')).toBe(foldLeet('password'));
    expect(foldLeet('Tr0ub4dor&3')).toBe(foldLeet('troubador&e'));
    expect(foldLeet('Welcome')).not.toBe(foldLeet('Welcame'));
  });

  it('reads 1, ! and | as either i or l', () => {
    expect(new Set(['1', '!', '|', 'i', 'I', 'l', 'L'].map(foldLeet))).toEqual(new Set(['i']));
  });

  it('lower-cases letters outside ASCII too, and drops their accents', () => {
    expect(foldLeet('ÉTÉ')).toBe('ete');
    expect(foldLeet('Pässwörd')).toBe('password');
  });

  it('keeps one folded code point per code point, so positions line up', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), (text) => {
        expect([...foldLeet(text)]).toHaveLength([...text].length);
        expect(foldLeet(text)).toBe([...text].map(foldCell).join(''));
      }),
    );
  });

  it('changes nothing the second time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), (text) => {
        expect(foldLeet(foldLeet(text))).toBe(foldLeet(text));
      }),
    );
  });
});
