/**
 * The password rules of NIST SP 800-63B-4 §3.1.1.2 for a password that is the only factor:
 * at least 15 characters, long passphrases welcome, no composition rules ("one digit, one
 * symbol" only pushes people to `Password1!`), and a blocklist of common, expected and
 * compromised passwords, with the reason given for every refusal.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { BCRYPT_MAX_PASSWORD_BYTES } from './password.ts';
import { USERNAME_CHECK_MIN_LENGTH, createPasswordVariantDetector, type PasswordVariant, type PasswordVariantKind } from './password-variants.ts';

/** What a stage reports as `policy.passwordPolicy`, so clients read the numbers instead of copying them. */
export interface PasswordPolicyRules {
  /** Fewest characters, counted as Unicode code points after normalisation. */
  minLength: number;
  /** Most UTF-8 bytes after normalisation: bcrypt reads no more, so longer is refused, never cut. */
  maxBytes: number;
  /** Applied to the password on register and on login, before anything else looks at it. */
  normalization: 'NFC';
  /** Breached passwords refused as they are and in their usual variants. */
  blocklistSize: number;
  /** Common words refused when dressed up alone (`Dragon2024!!!!!!`); fine inside a passphrase. */
  commonWordsSize: number;
  /** Refused anywhere in a password, leetspeak included. */
  serviceName: string;
  /** Usernames at least this long are refused anywhere in the password. */
  usernameCheckMinLength: number;
}

export type PasswordPolicyCode = 'too-short' | 'too-long' | 'common' | PasswordVariantKind;

export type PasswordPolicyResult = { ok: true } | { ok: false; code: PasswordPolicyCode; message: string };

/** SP 800-63B-4 §3.1.1.2: 15 for a single-factor password (8 is allowed only as part of MFA). */
const MIN_PASSWORD_LENGTH = 15;
const SERVICE_NAME = 'authlab';
/** SP 800-63B-4 §3.1.1.2: verifiers SHOULD permit passwords of at least 64 characters. */
export const RECOMMENDED_MAX_LENGTH = 64;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
const COMMON_WORDS: readonly string[] = dictionary['diceware-common'];
const variants = createPasswordVariantDetector({ words: [...COMMON_PASSWORDS, ...COMMON_WORDS] });

export const PASSWORD_POLICY: PasswordPolicyRules = {
  minLength: MIN_PASSWORD_LENGTH,
  maxBytes: BCRYPT_MAX_PASSWORD_BYTES,
  normalization: 'NFC',
  blocklistSize: COMMON_PASSWORDS.size,
  commonWordsSize: COMMON_WORDS.length,
  serviceName: SERVICE_NAME,
  usernameCheckMinLength: USERNAME_CHECK_MIN_LENGTH,
};

const ADVICE = 'a few unrelated words make a good one';
const MESSAGES: Readonly<Record<PasswordPolicyCode, string>> = {
  'too-short': `Password must be at least ${MIN_PASSWORD_LENGTH} characters; ${ADVICE}`,
  'too-long': `Password must be at most ${BCRYPT_MAX_PASSWORD_BYTES} bytes; use fewer or shorter words (accents and emoji take 2 to 4 bytes each)`,
  common: `Password is on the lists attackers try first; ${ADVICE}`,
  'common-variant': `Password is a common password or word with small changes, which attackers try early; ${ADVICE}`,
  repetitive: `Password repeats one character or chunk; ${ADVICE}`,
  sequence: `Password is a run of keys or characters in order, like 12345 or qwerty; ${ADVICE}`,
  'contains-username': 'Password must not contain your username',
  'contains-service-name': `Password must not contain the name of this service (${SERVICE_NAME})`,
};

/**
 * NFC, applied on register and on login alike, as SP 800-63B-4 §3.1.1.2 recommends (the 2017
 * edition said NFKC or NFKD). NFC only merges spellings of the very same text (é as one code
 * point, or e + U+0301), so nothing a user typed is lost; NFKC would also fold look-alikes such
 * as full-width letters or "ﬁ" into others, making distinct passwords equal. A composed form is
 * also the shorter in UTF-8, which matters under bcrypt's 72 bytes.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Characters as SP 800-63B-4 counts them: Unicode code points (an emoji is one), after normalisation. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

/**
 * How many characters like `character` fit in bcrypt's 72 bytes: 72 in ASCII, 36 for accented
 * letters, 24 in a three-byte script such as Chinese, 18 for emoji. Below RECOMMENDED_MAX_LENGTH,
 * the "allow 64 characters" SHOULD cannot be met with bcrypt.
 */
export function maxCharactersFor(character: string): number {
  return Math.floor(BCRYPT_MAX_PASSWORD_BYTES / Buffer.byteLength(normalizePassword(character), 'utf8'));
}

/** Normalises, then applies each rule in turn; the first that refuses says why. */
export function checkPasswordPolicy(password: string, context: { username?: string } = {}): PasswordPolicyResult {
  const normalized = normalizePassword(password);
  const refuse = (code: PasswordPolicyCode): PasswordPolicyResult => ({ ok: false, code, message: MESSAGES[code] });
  if (passwordLength(normalized) < MIN_PASSWORD_LENGTH) return refuse('too-short');
  if (exceedsBcryptLimit(normalized)) return refuse('too-long');
  if (COMMON_PASSWORDS.has(lookAlikesFolded(normalized).toLowerCase())) return refuse('common');
  const variant = findPasswordVariant(normalized, context);
  return variant === undefined ? { ok: true } : refuse(variant.kind);
}

/**
 * The variant rule alone, with this policy's lists and whatever the length: the service name,
 * the username, repeats, runs, and common passwords or words dressed up (`P@ssw0rd!`).
 */
export function findPasswordVariant(password: string, context: { username?: string } = {}): PasswordVariant | undefined {
  const username = context.username === undefined ? {} : { username: lookAlikesFolded(context.username) };
  return variants.find(lookAlikesFolded(password), { serviceName: SERVICE_NAME, ...username });
}

/**
 * For spotting a known password only, never for hashing: NFKC also folds look-alikes, so
 * `ｐａｓｓｗｏｒｄ` typed on a full-width keyboard is recognised as the `password` it imitates.
 */
function lookAlikesFolded(password: string): string {
  return password.normalize('NFKC');
}

/** True when bcrypt would ignore part of this password. */
export function exceedsBcryptLimit(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_PASSWORD_BYTES;
}
