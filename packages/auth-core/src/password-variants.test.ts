import { describe, expect, it } from 'vitest';
import { findPasswordVariant } from './password-policy.ts';
import { createPasswordVariantDetector } from './password-variants.ts';

/** A detector that knows one word, to show the rules apart from the real lists. */
const dragonOnly = createPasswordVariantDetector({ words: ['Dragon'] });
const kindOf = (password: string): string | undefined => dragonOnly.find(password)?.kind;

describe('a common word with decoration', () => {
  it.each(['dragon', 'DRAGON', 'Dr4g0n', 'dragon2024', '2024!!dragon', 'Dr@g0n!!!!!!!!!!!', 'summer2024dragon', 'dragonqwerty', 'zzzzdragon'])(
    'finds the word in %s',
    (password) => {
      expect(dragonOnly.find(password)).toEqual({ kind: 'common-variant', part: expect.stringMatching(/^dr.g.n$/i) });
    },
  );

  it.each(['dragonfly', 'xdragon', 'dragons1', 'drag0nfire'])('leaves %s alone: letters around the word are not decoration', (password) => {
    expect(kindOf(password)).toBeUndefined();
  });

  it('does not read a word in bare digits and symbols', () => {
    const digits = createPasswordVariantDetector({ words: ['2468', 'b00b'] });
    expect(digits.find('2468')).toBeUndefined();
    expect(digits.find('8008')).toBeUndefined();
  });
});

describe('the real lists', () => {
  it.each([
    ['Password1!', 'Password'],
    ['P@ssw0rd!', 'P@ssw0rd'],
    ['Welcome1!', 'Welcome'],
    ['Summer2024!', 'Summer'],
    ['iloveyou12345678', 'iloveyou'],
  ])('finds the common password inside the short classic %s', (password, part) => {
    expect(findPasswordVariant(password)).toEqual({ kind: 'common-variant', part });
  });

  it('finds nothing in a passphrase of common words: several words are not one word dressed up', () => {
    expect(findPasswordVariant('correct horse battery staple')).toBeUndefined();
  });
});

describe('repeats', () => {
  it.each(['aaaaaaaaaa', 'abcabcabcabc', 'Welcome1Welcome1!', 'Summer2024Summer2024', '!!!!2024abab2024abab'])('finds the repeat in %s', (password) => {
    expect(kindOf(password)).toBe('repetitive');
  });

  it('needs two whole copies: a chunk and a bit of it again is not enough', () => {
    expect(kindOf('kettleharbork')).toBeUndefined();
    expect(kindOf('kettleharborkettleharbork')).toBe('repetitive');
  });

  it('needs the repeat to be at least half the password, so random digits do not trip it', () => {
    expect(kindOf('83021945555555555621093')).toBeUndefined();
    expect(kindOf('8302194755555555555')).toBe('repetitive');
  });
});

describe('runs', () => {
  it.each(['1234567890', 'qwertyuiopasdfgh', '1qaz2wsx3edc', 'poiuytrewq!!', 'zyxwvutsrq'])('finds the run in %s', (password) => {
    expect(kindOf(password)).toBe('sequence');
  });

  it('wants runs of 3 or more back to back, not pairs', () => {
    expect(kindOf('abdeghjkmnpq')).toBeUndefined();
  });
});

describe('names', () => {
  it('finds the username and the service name anywhere, checking the service name first', () => {
    expect(dragonOnly.find('my-4uthl@b-al1ce', { username: 'alice', serviceName: 'authlab' })).toEqual({ kind: 'contains-service-name', part: 'authlab' });
    expect(dragonOnly.find('my-al1ce-notes', { username: 'alice', serviceName: 'authlab' })).toEqual({ kind: 'contains-username', part: 'alice' });
  });

  it('ignores names shorter than 3 characters', () => {
    expect(dragonOnly.find('my-al-notes-here', { username: 'al' })).toBeUndefined();
  });
});

describe('what a red team tried', () => {
  it.each([
    ['aaaaaaaaaaaaaaab', 'repetitive'],
    ['               a', 'repetitive'],
    ['Password-Password', 'repetitive'],
    ['P4ssw0rd!P4ssw0rd', 'repetitive'],
    ['password1password2', 'repetitive'],
    ['Pässwörd12345678', 'common-variant'],
    ['P a s s w o r d 1 2 3', 'common-variant'],
    ['ｐａｓｓｗｏｒｄ１２３４５６７８', 'common-variant'],
    ['1q2w3e4r5t6y7u8i', 'sequence'],
    ['qazwsxedcrfvtgby', 'sequence'],
    ['zaqxswcdevfrbgtnhy', 'sequence'],
  ])('refuses %s as %s', (password, kind) => {
    expect(findPasswordVariant(password)?.kind).toBe(kind);
  });

  it.each(['correct horse battery staple', 'tiger lily purple cloud seven', 'kX9$mP3@wN6!bQ1%', 'la fée étonnée crée des cafés'])('still accepts %s', (password) => {
    expect(findPasswordVariant(password)).toBeUndefined();
  });
});
