/**
 * The recipes people use to make a known password "strong enough": capitals, leetspeak
 * (`P@ssw0rd`), digits, symbols, years, seasons or months stuck on an end, the same thing typed
 * twice, or a run along the keyboard. Attackers' cracking rules apply exactly these recipes, so
 * a blocklist that only holds exact matches misses most of what they try.
 *
 * Deterministic and hand-written on purpose: every refusal can be explained in one sentence.
 */
import { foldCell, foldLeet } from './password-leet.ts';
import { runEndsFrom } from './password-runs.ts';

/** Why a password counts as predictable, most specific first. */
export type PasswordVariantKind = 'contains-service-name' | 'contains-username' | 'repetitive' | 'sequence' | 'common-variant';

export interface PasswordVariant {
  kind: PasswordVariantKind;
  /** The part of the password that gave it away, as typed (for tests and lessons; never echo it to the user). */
  part: string;
}

export interface PasswordVariantContext {
  username?: string;
  serviceName?: string;
}

export interface PasswordVariantDetector {
  /** The first recipe that explains the password, or `undefined` when none does. */
  find(password: string, context?: PasswordVariantContext): PasswordVariant | undefined;
}

/** A username shorter than this is not looked for: a two-letter name would forbid half the language. */
export const USERNAME_CHECK_MIN_LENGTH = 3;
/**
 * A repeat or run must cover this many characters, and at least half the password: shorter ones
 * turn up by chance inside random digits and symbols.
 */
const MIN_PATTERN_LENGTH = 10;

/** Words that add almost nothing when stuck on a password: attackers append them by rule. */
const FILLER_WORDS = [
  'spring',
  'summer',
  'autumn',
  'fall',
  'winter',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const REVERSED_FILLER_WORDS = FILLER_WORDS.map((word) => [...word].reverse().join(''));
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/** A detector over a list of common passwords and words, folded once here. */
export function createPasswordVariantDetector(options: { words: Iterable<string> }): PasswordVariantDetector {
  const words = new Set<string>();
  // Only words with a letter: a core of bare digits is judged as a run or a repeat instead.
  let longestWord = 0;
  for (const word of options.words) {
    if (word.length < 3 || !LETTER.test(word)) continue;
    const folded = foldLeet(word);
    words.add(folded);
    longestWord = Math.max(longestWord, folded.length);
  }

  function find(password: string, context: PasswordVariantContext = {}): PasswordVariant | undefined {
    const folded = foldLeet(password);
    for (const [kind, name] of [
      ['contains-service-name', context.serviceName],
      ['contains-username', context.username],
    ] as const) {
      if (name !== undefined && [...name].length >= USERNAME_CHECK_MIN_LENGTH && folded.includes(foldLeet(name))) return { kind, part: name };
    }
    const text = analyse(password);
    return (
      findFewCharacters(text) ??
      findRepeat(text) ??
      findRepeatedLetters(text) ??
      findSequence(text) ??
      findCommonWord(text, words, longestWord) ??
      findSpacedOutWord(password, words, longestWord)
    );
  }

  return { find };
}

/** A password cut into code points, with where decorations may end at the front and start at the back. */
interface Analysed {
  raw: string[];
  lower: string[];
  folded: string[];
  /** `starts[a]`: everything before `a` is decoration. */
  starts: boolean[];
  /** `ends[b]`: everything from `b` on is decoration. */
  ends: boolean[];
}

function analyse(password: string): Analysed {
  const raw = [...password];
  const lower = raw.map((cell) => cell.toLowerCase());
  const backwards = decorationReach([...lower].reverse(), REVERSED_FILLER_WORDS);
  return { raw, lower, folded: raw.map(foldCell), starts: decorationReach(lower, FILLER_WORDS), ends: [...backwards].reverse() };
}

/**
 * Decoration is what attackers' rules stick on a base: anything not a letter (digits, symbols,
 * years), a season or a month, a run of 3+ keys in order, or 3+ of one character.
 * `reach[p]` says the first `p` cells are decoration only.
 */
function decorationReach(cells: readonly string[], fillerWords: readonly string[]): boolean[] {
  const reach = cells.map(() => false).concat(false);
  reach[0] = true;
  for (let p = 0; p < cells.length; p += 1) {
    if (!reach[p]) continue;
    if (!LETTER.test(cells[p] ?? '')) reach[p + 1] = true;
    for (const word of fillerWords) if (word[0] === cells[p] && cells.slice(p, p + word.length).join('') === word) reach[p + word.length] = true;
    for (const end of runEndsFrom(cells, p)) reach[end] = true;
    let same = p;
    while (cells[same] === cells[p]) same += 1;
    for (let end = p + 3; end <= same; end += 1) reach[end] = true;
  }
  return reach;
}

/*
 * A core is a stretch `[a, b)` with only decoration before `a` and after `b`. Each finder scans
 * from every possible `a` once, so a 72-byte password costs well under a millisecond.
 */

/** One character or chunk typed over and over: `aaaa…`, `abcabc…`, `Summer2024Summer2024`. */
function findRepeat(text: Analysed): PasswordVariant | undefined {
  const n = text.lower.length;
  const minLength = patternLength(n);
  for (let a = 0; a + minLength <= n; a += 1) {
    if (!text.starts[a]) continue;
    // Compared as typed (case aside): undoing leetspeak would make random symbols look alike.
    const border = borders(text.lower.slice(a));
    for (let b = n; b - a >= minLength; b -= 1) {
      const length = b - a;
      // At least two whole copies of the chunk, as in `abcabca`.
      if (text.ends[b] && 2 * (length - (border[length - 1] ?? 0)) <= length) return found('repetitive', text, a, b);
    }
  }
  return undefined;
}

/** So few different characters that the length is an illusion: `aaaaaaaaaaaaaaab`, `abababababababab`. */
const MIN_DISTINCT_CHARACTERS = 5;
function findFewCharacters(text: Analysed): PasswordVariant | undefined {
  const longEnough = text.raw.length >= MIN_PATTERN_LENGTH;
  return longEnough && new Set(text.lower).size < MIN_DISTINCT_CHARACTERS ? found('repetitive', text, 0, text.raw.length) : undefined;
}

/** The same letters typed twice with something in between: `Password-Password`, `P4ssw0rd!P4ssw0rd`. */
function findRepeatedLetters(text: Analysed): PasswordVariant | undefined {
  const letters = text.folded.filter((cell, index) => LETTER.test(text.raw[index] ?? '') && cell !== '');
  if (letters.length < 6) return undefined;
  const border = borders(letters).at(-1) ?? 0;
  return 2 * (letters.length - border) <= letters.length ? found('repetitive', text, 0, text.raw.length) : undefined;
}

/** Straight runs along the alphabet, the digits or the keyboard, back to back: `123456789012345`, `qwertyuiopasdfgh`. */
function findSequence(text: Analysed): PasswordVariant | undefined {
  const n = text.lower.length;
  const minLength = patternLength(n);
  const runEnds = text.lower.map((_cell, start) => runEndsFrom(text.lower, start));
  for (let a = 0; a + minLength <= n; a += 1) {
    if (!text.starts[a]) continue;
    const reached = text.lower.map(() => false).concat(false);
    reached[a] = true;
    for (let p = a; p < n; p += 1) if (reached[p]) for (const end of runEnds[p] ?? []) reached[end] = true;
    for (let b = n; b - a >= minLength; b -= 1) if (reached[b] && text.ends[b]) return found('sequence', text, a, b);
  }
  return undefined;
}

/** One common password or word, in any case and leetspeak, with decoration on either end. */
function findCommonWord(text: Analysed, words: ReadonlySet<string>, longestWord: number): PasswordVariant | undefined {
  const n = text.folded.length;
  for (let a = 0; a < n; a += 1) {
    if (!text.starts[a]) continue;
    let core = '';
    let notBareDigits = false;
    for (let b = a + 1; b <= n && core.length < longestWord; b += 1) {
      core += text.folded[b - 1];
      // A letter or a look-alike symbol (`0@$1$` is "oasis" with no letter left in it).
      notBareDigits ||= !DIGIT.test(text.raw[b - 1] ?? '');
      // A core of bare digits is a run or a repeat, judged above, not a word.
      if (notBareDigits && text.ends[b] && words.has(core)) return found('common-variant', text, a, b);
    }
  }
  return undefined;
}

/** A common password typed with spaces in it to pass a length rule: `P a s s w o r d 1`. */
function findSpacedOutWord(password: string, words: ReadonlySet<string>, longestWord: number): PasswordVariant | undefined {
  const squeezed = password.replace(/\s+/gu, '');
  if (squeezed === password) return undefined;
  const variant = findCommonWord(analyse(squeezed), words, longestWord);
  return variant && { kind: variant.kind, part: password };
}

function patternLength(passwordLength: number): number {
  return Math.max(MIN_PATTERN_LENGTH, Math.ceil(passwordLength / 2));
}

function found(kind: PasswordVariantKind, text: Analysed, a: number, b: number): PasswordVariant {
  return { kind, part: text.raw.slice(a, b).join('') };
}

/** `border[i]`: the longest proper prefix of `cells[0..i]` that is also its suffix (Knuth–Morris–Pratt). */
function borders(cells: readonly string[]): number[] {
  const border = cells.map(() => 0);
  for (let i = 1, k = 0; i < cells.length; i += 1) {
    while (k > 0 && cells[i] !== cells[k]) k = border[k - 1] ?? 0;
    if (cells[i] === cells[k]) k += 1;
    border[i] = k;
  }
  return border;
}
