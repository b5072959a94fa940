import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Generators for hostile requests. Most of what they produce is invalid on purpose; a small
 * share is valid, so the success paths are exercised by the same invariants.
 */

/** Characters that break naive code: NUL, lone surrogates, bidi controls, emoji, quotes, escapes. */
const NASTY_CHARS = [
  '\u0000',
  '\uD800',
  '\uDBFF',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '\u202E',
  '\u200F',
  '\u200B',
  '\uFEFF',
  '\u0301',
  '\u2028',
  '😀',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'é',
  'ß',
  'İ',
  '\u212A',
  'ﬀ',
  '"',
  '\\',
  '%',
  '%00',
  '\n',
  '\r\n',
  '\t',
  '\u007F',
  '\u001B',
  "'",
  '<',
  '>',
  '&',
  '$',
  '.',
  '/',
  ':',
  ' ',
  '__proto__',
  '{}',
  '[]',
  'null',
];

export const nastyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_CHARS) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

export function nastyString(maxLength = 24): fc.Arbitrary<string> {
  return fc.string({ unit: nastyChar, maxLength });
}

/** Far longer than anything valid: 73 bytes (past bcrypt's limit) up to past the 16 KB body limit. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(nastyChar, fc.oneof({ weight: 6, arbitrary: fc.constantFrom(73, 257, 1025) }, { weight: 1, arbitrary: fc.constantFrom(4097, 17_000) }))
  .map(([char, length]) => char.repeat(Math.ceil(length / char.length)));

/** JSON values of every type, with nasty strings inside. */
export const anyJSON: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3, stringUnit: nastyChar });

/** A value for a field: usually of the kind the field expects, sometimes any JSON at all. */
export function fieldValue(expected: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: expected }, { weight: 2, arbitrary: anyJSON }, { weight: 1, arbitrary: hugeString });
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'role', 'admin', 'isAdmin', 'polluted'];

/** A JSON object's key/value pairs in order. Repeats are kept: JSON text may name a key twice. */
export type Entries = [string, unknown][];

/**
 * The expected fields, each maybe missing or repeated, plus stray keys such as `__proto__`
 * whose values try to pollute a prototype.
 */
function entries(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Entries> {
  const expected = Object.entries(fields).map(([key, value]) =>
    fc.oneof(
      { weight: 8, arbitrary: value.map((v): Entries => [[key, v]]) },
      { weight: 1, arbitrary: fc.constant<Entries>([]) },
      {
        weight: 1,
        arbitrary: fc.tuple(value, value).map(([a, b]): Entries => [
          [key, a],
          [key, b],
        ]),
      },
    ),
  );
  const pollution = fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.oneof(anyJSON, fc.constant({ polluted: true, admin: true })));
  const stray = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Entries>([]) },
    { weight: 1, arbitrary: fc.array(fc.oneof(pollution, fc.tuple(nastyString(8), anyJSON)), { maxLength: 3 }) },
  );
  return fc.tuple(fc.tuple(...expected), stray, fc.boolean()).map(([groups, extra, extraFirst]) => {
    const own = groups.flat();
    return extraFirst ? [...extra, ...own] : [...own, ...extra];
  });
}

/** Serialised by hand so `__proto__` stays an own key and duplicate keys reach the parser. */
function objectText(pairs: Entries): string {
  return `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

const deepJSON = fc
  .tuple(fc.integer({ min: 50, max: 7000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"username":', '}']))
  .map(([depth, [open, close]]) => `${open.repeat(depth)}1${close.repeat(depth)}`);

const invalidUTF8 = fc
  .array(fc.constantFrom([0xc0, 0x80], [0xff], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x7b], [0x22], [0x00]), { maxLength: 12 })
  .map((parts) => Buffer.from(parts.flat()));

/** A request body, as bytes: mostly an object of the route's fields, often broken in some way. */
function bodyBytes(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Buffer | undefined> {
  const text = entries(fields).map(objectText);
  return fc.oneof(
    { weight: 12, arbitrary: text.map((body) => Buffer.from(body)) },
    { weight: 2, arbitrary: anyJSON.map((value) => Buffer.from(JSON.stringify(value))) },
    { weight: 2, arbitrary: fc.tuple(text, fc.nat()).map(([body, cut]) => Buffer.from(body.slice(0, cut % Math.max(1, body.length)))) },
    {
      weight: 1,
      arbitrary: fc.tuple(text, fc.nat(), nastyChar).map(([body, at, char]) => Buffer.from(body.slice(0, at % (body.length + 1)) + char + body.slice(at % (body.length + 1)))),
    },
    { weight: 1, arbitrary: deepJSON.map((body) => Buffer.from(body)) },
    { weight: 1, arbitrary: invalidUTF8 },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  );
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'application/json; charset=',
  'application/json;;',
  'application/json; charset="utf-8',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  'application/*',
  '*/*',
  '',
];

/** Optional extra headers: content type and encoding, and a few that proxies and clients send. */
const bodyHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.oneof(
      { weight: 10, arbitrary: fc.constant('application/json') },
      { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    fc.oneof(
      { weight: 20, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip', 'zstd') },
    ),
    fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('203.0.113.9', '127.0.0.1, 10.0.0.1', 'garbage', '') }),
  )
  .map(([type, encoding, forwarded]) => {
    const headers: Record<string, string> = {};
    if (type !== undefined) headers['content-type'] = type;
    if (encoding !== undefined) headers['content-encoding'] = encoding;
    if (forwarded !== null) headers['x-forwarded-for'] = forwarded;
    return headers;
  });

/** A body, plus the headers that describe it; sometimes gzip-compressed for real. */
export function requestBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<{ headers: Record<string, string>; body?: Buffer }> {
  return fc.tuple(bodyBytes(fields), bodyHeaders, fc.nat({ max: 30 })).map(([body, headers, roll]) => {
    if (roll === 0 && body !== undefined && headers['content-encoding'] === undefined) {
      return { headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(body) };
    }
    return body === undefined ? { headers } : { headers, body };
  });
}

/**
 * The UTF-8 bytes of a string as a latin1 header value. Control characters other than CR and LF
 * are kept: Node's parser must refuse them in JSON. CR and LF would split the request in two.
 */
export function headerValue(value: string): string {
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[\r\n]/g, '');
}

/** A method other than the route's own, now and then. */
export function method(own: string): fc.Arbitrary<string> {
  return fc.oneof({ weight: 20, arbitrary: fc.constant(own) }, { weight: 2, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') });
}

/** Percent-encodes UTF-8 bytes; unlike encodeURIComponent it never throws on a lone surrogate. */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** The route's path, or a variant of it: a query string, a trailing slash, odd case, broken %-escapes. */
export function pathVariant(base: string): fc.Arbitrary<string> {
  const query = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom('__proto__[polluted]', 'constructor[prototype][polluted]', 'a[b][c]', 'x'), nastyString(6)), nastyString(10)), {
      minLength: 1,
      maxLength: 3,
    })
    .map((pairs) => `?${pairs.map(([key, value]) => `${percentEncode(key).replaceAll('%5B', '[').replaceAll('%5D', ']')}=${percentEncode(value)}`).join('&')}`);
  const variants = [`${base}/`, base.toUpperCase(), `${base}%`, `${base}%zz`, `${base}/%E0%A4%A`, base.replace('/api/', '/api//'), `${base}/..`, `${base};x=1`];
  const stage = /^\/api\/stages\/([^/]+)/.exec(base)?.[1];
  if (stage !== undefined) variants.push(base.replace(stage, `${stage}%`), base.replace(stage, '%E0%A4%A'), base.replace(stage, percentEncode('é')));
  return fc.oneof({ weight: 20, arbitrary: fc.constant(base) }, { weight: 2, arbitrary: query.map((q) => base + q) }, { weight: 1, arbitrary: fc.constantFrom(...variants) });
}

/** A share of each run: the known user's exact credentials, so login and register also succeed. */
export function username(known: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(known) },
    { weight: 1, arbitrary: fc.constant(known.toUpperCase()) },
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{2,12}$/) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf') },
    { weight: 4, arbitrary: nastyString(40) },
  );
}

export function password(known: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(known) },
    { weight: 1, arbitrary: fc.constantFrom('password', 'password123', 'kettle7', `${'violet-kettle-'.repeat(6).slice(0, 72)}X`) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 8, maxLength: 24 }) },
    { weight: 4, arbitrary: nastyString(40) },
  );
}
