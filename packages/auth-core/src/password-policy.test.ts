import { dictionary } from '@zxcvbn-ts/language-common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PASSWORD_POLICY,
  RECOMMENDED_MAX_LENGTH,
  checkPasswordPolicy,
  exceedsBcryptLimit,
  maxCharactersFor,
  normalizePassword,
  passwordLength,
  type PasswordPolicyCode,
} from './password-policy.ts';

const EMOJI = [...'🦊🐙🌵🚀🎻🧭🍄🛶🐢🌋🎲🧩🪁🦉🌈🍋🧲🪐🐝🦋'];
/** Twenty letters that each decompose into a base letter and a combining accent under NFD. */
const ACCENTED = 'éèêëàâäôöûüçîïÿáíóúñ';
/** Distinct three-byte characters, so no run of them repeats. */
const CHINESE = '我们在海边的小屋里喝茶看日落和星星山水风花雪月春夏';
const COMMON = new Set([...dictionary['passwords-common'], ...dictionary['diceware-common']]);
const LENGTH_CODES: readonly PasswordPolicyCode[] = ['too-short', 'too-long'];

const refusedAs = (password: string, username?: string): PasswordPolicyCode | 'accepted' => {
  const result = checkPasswordPolicy(password, username === undefined ? {} : { username });
  return result.ok ? 'accepted' : result.code;
};

describe('PASSWORD_POLICY', () => {
  it('states 15 characters, 72 bytes, NFC, the service name and the size of both lists', () => {
    expect(PASSWORD_POLICY).toEqual({
      minLength: 15,
      maxBytes: 72,
      normalization: 'NFC',
      blocklistSize: expect.any(Number),
      commonWordsSize: 7776,
      serviceName: 'authlab',
      usernameCheckMinLength: 3,
    });
    expect(PASSWORD_POLICY.blocklistSize).toBeGreaterThan(40_000);
  });
});

describe('normalizePassword', () => {
  it('turns a precomposed é (U+00E9) and e + U+0301 into the same string', () => {
    expect('caf\u00e9').not.toBe('cafe\u0301');
    expect(normalizePassword('caf\u00e9')).toBe(normalizePassword('cafe\u0301'));
    expect(normalizePassword('cafe\u0301')).toBe('caf\u00e9');
  });

  it('keeps full-width letters and ligatures as typed: only spellings of the same text are merged', () => {
    expect(normalizePassword('ｖｉｏｌｅｔ－ｋｅｔｔｌｅ４２')).toBe('ｖｉｏｌｅｔ－ｋｅｔｔｌｅ４２');
    expect(normalizePassword('ﬁne ﬂower')).toBe('ﬁne ﬂower');
  });

  it('gives the same answer however the password was typed', () => {
    const typedOnOneDevice = 'la fée étonnée crée des cafés';
    const typedOnAnother = typedOnOneDevice.normalize('NFD');
    expect(typedOnAnother).not.toBe(typedOnOneDevice);
    expect(normalizePassword(typedOnAnother)).toBe(normalizePassword(typedOnOneDevice));
  });

  it('changes nothing the second time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(normalizePassword(normalizePassword(text))).toBe(normalizePassword(text));
      }),
    );
  });
});

describe('length', () => {
  it('refuses 14 characters and accepts 15', () => {
    expect(refusedAs('violet-kettle-')).toBe('too-short');
    expect(refusedAs('violet-kettle-7')).toBe('accepted');
  });

  it('counts code points, so 15 emoji are long enough and 14 are not, though they are 28 UTF-16 units', () => {
    expect(EMOJI.slice(0, 14).join('')).toHaveLength(28);
    expect(refusedAs(EMOJI.slice(0, 14).join(''))).toBe('too-short');
    expect(refusedAs(EMOJI.slice(0, 15).join(''))).toBe('accepted');
  });

  it('counts after normalisation, so e + U+0301 is one character', () => {
    const fourteen = ACCENTED.slice(0, 14).normalize('NFD');
    expect([...fourteen]).toHaveLength(28);
    expect(passwordLength(fourteen)).toBe(14);
    expect(refusedAs(fourteen)).toBe('too-short');
    expect(refusedAs(ACCENTED.slice(0, 15).normalize('NFD'))).toBe('accepted');
  });

  it('explains the refusal and suggests a passphrase', () => {
    expect(checkPasswordPolicy('kettle')).toEqual({
      ok: false,
      code: 'too-short',
      message: 'Password must be at least 15 characters; a few unrelated words make a good one',
    });
  });
});

describe('the 72-byte ceiling', () => {
  const passphrase72 = 'the lighthouse keeper paints the stairs blue every second spring at dusk';

  it('accepts exactly 72 bytes of ASCII and refuses 73 rather than let bcrypt cut it', () => {
    expect(Buffer.byteLength(passphrase72)).toBe(72);
    expect(refusedAs(passphrase72)).toBe('accepted');
    expect(refusedAs(`${passphrase72}!`)).toBe('too-long');
  });

  it('allows 24 characters of a three-byte script such as Chinese, and refuses 25', () => {
    expect(Buffer.byteLength(CHINESE.slice(0, 24))).toBe(72);
    expect(refusedAs(CHINESE.slice(0, 24))).toBe('accepted');
    expect(refusedAs(CHINESE.slice(0, 25))).toBe('too-long');
  });

  it('allows 18 emoji, and refuses 19', () => {
    expect(refusedAs(EMOJI.slice(0, 18).join(''))).toBe('accepted');
    expect(refusedAs(EMOJI.slice(0, 19).join(''))).toBe('too-long');
  });

  it('measures bytes after NFC: 36 accents typed as 108 bytes are the 72 bytes bcrypt receives', () => {
    const accents = `${ACCENTED}${[...ACCENTED].reverse().join('').slice(0, 16)}`;
    const typed = accents.normalize('NFD');
    expect(Buffer.byteLength(typed)).toBe(108);
    expect(Buffer.byteLength(normalizePassword(typed))).toBe(72);
    expect(refusedAs(typed)).toBe('accepted');
  });

  it('says how many characters fit: the 64 NIST asks for only in one-byte characters', () => {
    expect(RECOMMENDED_MAX_LENGTH).toBe(64);
    expect([maxCharactersFor('a'), maxCharactersFor('é'), maxCharactersFor('中'), maxCharactersFor('🦊')]).toEqual([72, 36, 24, 18]);
    expect(maxCharactersFor('e\u0301')).toBe(36);
  });
});

describe('the blocklist', () => {
  it.each(['1qaz2wsx3edc4rfv', 'PasswordPassword', 'QAZWSXEDCRFVTGB'])('refuses %s, a listed password, in any case', (password) => {
    expect(refusedAs(password)).toBe('common');
  });

  it.each(['Password1234567!', 'P@ssw0rd12345678', 'iloveyou12345678', 'Dragon!!2023!!!!!', 'Summer2024Monkey!', '2025!!Sunshine!!'])(
    'refuses %s, a common password dressed up',
    (password) => {
      expect(refusedAs(password)).toBe('common-variant');
    },
  );

  it.each(['Password1!', 'P@ssw0rd!', 'Welcome1!', 'Summer2024!'])('refuses the short classic %s', (password) => {
    expect(refusedAs(password)).toBe('too-short');
  });

  it('refuses any common password with digits added to reach the minimum length', () => {
    const listed = dictionary['passwords-common'].filter((password) => /[a-z]/.test(password) && password.length < 15).slice(0, 5_000);
    fc.assert(
      fc.property(fc.constantFrom(...listed), fc.nat({ max: 6 }), fc.integer({ min: 0, max: 9 }), (password, extra, digit) => {
        const padded = `${password}${String(digit).repeat(Math.max(1, 15 - password.length) + extra)}`;
        expect(LENGTH_CODES).not.toContain(refusedAs(padded));
        expect(refusedAs(padded)).not.toBe('accepted');
      }),
    );
  });

  it('refuses a common word written entirely in look-alike symbols, with no letter left', () => {
    // Found by the property below: "oasis" as 0@$1$, then digits.
    expect(refusedAs('0@$1$0999999999')).not.toBe('accepted');
  });

  it('refuses any common word in leetspeak and mixed case with digits or symbols on its ends', () => {
    const leet: Readonly<Record<string, readonly string[]>> = { a: ['@', '4'], e: ['3'], i: ['1', '!'], l: ['1'], o: ['0'], s: ['$', '5'], t: ['7'] };
    const words = dictionary['diceware-common'].filter((word) => /^[a-z]{4,}$/.test(word));
    const disguised = fc
      .constantFrom(...words)
      .chain((word) => fc.tuple(...[...word].map((letter) => fc.constantFrom(letter, letter.toUpperCase(), ...(leet[letter] ?? [])))).map((cells) => cells.join('')));
    const decoration = fc.string({ unit: fc.constantFrom(...'0123456789!#%&*?.'), maxLength: 6 });
    fc.assert(
      fc.property(decoration, disguised, decoration, (before, word, after) => {
        const password = `${before}${word}${after}`.padEnd(15, '9');
        expect(refusedAs(password)).not.toBe('accepted');
      }),
    );
  });
});

describe('repeats and runs', () => {
  it.each(['aaaaaaaaaaaaaaaa', 'abcabcabcabcabcabc', 'Summer2024Summer2024', 'Welcome1Welcome1!', `${'violet-kettle-'.repeat(5)}vi`])(
    'refuses %s as one thing repeated',
    (password) => {
      expect(refusedAs(password)).toBe('repetitive');
    },
  );

  it.each(['123456789012345', 'qwertyuiopasdfgh', 'abcdefghijklmnop', 'zyxwvutsrqponmlk', '1qaz2wsx3edc4rfv5tgb', '0987654321!!!!!'])(
    'refuses %s as a run of keys or characters in order',
    (password) => {
      expect(refusedAs(password)).toBe('sequence');
    },
  );

  it('accepts random digits that merely contain a short repeat or run', () => {
    expect(refusedAs('830219475566210')).toBe('accepted');
  });
});

describe('names', () => {
  it('refuses the service name anywhere, in any case or leetspeak', () => {
    expect(refusedAs('violet-AuthLab-harbor')).toBe('contains-service-name');
    expect(refusedAs('violet-4uth1@b-harbor')).toBe('contains-service-name');
  });

  it('refuses the username anywhere, in any case or leetspeak', () => {
    expect(refusedAs('violet-Alice-harbor-42', 'alice')).toBe('contains-username');
    expect(refusedAs('violet-4l1c3-harbor-42', 'ALICE')).toBe('contains-username');
    expect(refusedAs('bobcat-river-lamp-9', 'bob')).toBe('contains-username');
  });

  it('accepts the same passwords for a user whose name is not in them', () => {
    expect(refusedAs('violet-Alice-harbor-42', 'carol')).toBe('accepted');
    expect(refusedAs('bobcat-river-lamp-9', 'dave')).toBe('accepted');
  });

  it('does not look for usernames shorter than 3 characters', () => {
    expect(refusedAs('violet-al-harbor-42', 'al')).toBe('accepted');
  });
});

describe('passphrases', () => {
  it.each([
    'correct horse battery staple',
    'violet-kettle-harbor-42',
    'blue-otter-violin-47',
    'the lighthouse keeper paints the stairs blue every second spring',
    'tangerine submarine whistles quietly under eleven lighthouses',
  ])('accepts %s', (password) => {
    expect(refusedAs(password, 'alice')).toBe('accepted');
  });

  it('accepts any 4 to 6 unrelated made-up words joined by spaces within 72 bytes', () => {
    const syllable = fc.tuple(fc.constantFrom(...'bdfgkmnprstvz'), fc.constantFrom(...'aeiou')).map((pair) => pair.join(''));
    const word = fc
      .array(syllable, { minLength: 2, maxLength: 3 })
      .map((syllables) => syllables.join(''))
      .filter((made) => !COMMON.has(made));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 4, maxLength: 6 }), (words) => {
        expect(refusedAs(words.join(' '))).toBe('accepted');
      }),
    );
  });

  it('sets no composition rule: lower-case words alone pass, and every kind of character does not save a variant', () => {
    expect(refusedAs('tangerine submarine whistles')).toBe('accepted');
    expect(refusedAs('P@ssw0rd12345678!')).toBe('common-variant');
  });
});

describe('every refusal', () => {
  it.each<[PasswordPolicyCode, string]>([
    ['too-short', 'kettle'],
    ['too-long', 'x'.repeat(73)],
    ['common', 'passwordpassword'],
    ['common-variant', 'Password1234567!'],
    ['repetitive', 'aaaaaaaaaaaaaaaa'],
    ['sequence', 'qwertyuiopasdfgh'],
    ['contains-username', 'violet-alice-harbor'],
    ['contains-service-name', 'violet-authlab-harbor'],
  ])('says why with %s and what to do instead', (code, password) => {
    const result = checkPasswordPolicy(password, { username: 'alice' });
    expect(result).toMatchObject({ ok: false, code });
    expect(!result.ok && result.message).toMatch(/^Password (must|is|repeats) .{20,}/);
  });
});

describe('exceedsBcryptLimit', () => {
  it('is false up to 72 bytes and true from 73', () => {
    expect(exceedsBcryptLimit('')).toBe(false);
    expect(exceedsBcryptLimit('a'.repeat(72))).toBe(false);
    expect(exceedsBcryptLimit('a'.repeat(73))).toBe(true);
  });

  it('counts UTF-8 bytes: 24 euro signs are 72 bytes, 25 are too many', () => {
    expect(exceedsBcryptLimit('€'.repeat(24))).toBe(false);
    expect(exceedsBcryptLimit('€'.repeat(25))).toBe(true);
  });
});
