import fc from 'fast-check';
import { hugeString, nastyChar, nastyString } from './arbitraries.ts';

/** Hostile `Authorization` headers: every scheme the stages read, broken in every way we could think of. */

const b64 = (value: string | Uint8Array): string => Buffer.from(value).toString('base64');
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const FIXED = [
  '',
  'Bearer',
  'Bearer ',
  'bearer',
  'BEARER x',
  'Basic',
  'Basic ',
  'Token abc',
  'Digest username="alice"',
  'Negotiate YII=',
  'Bearer\tabc',
  'Bearer  abc  ',
  'Bearer a b',
  'Bearer ====',
  'Basic ????',
  'Basic YWJj',
  'Basic YWJj=',
  'Basic Og==',
  'Basic OmFiYw==',
  `Basic ${b64('alice:')}`,
  `Basic ${b64(':password')}`,
  `Basic ${b64('alice')}`,
  `Basic ${b64('alice:pw\u0000x')}`,
  'Bearer null',
  'Bearer undefined',
  'Bearer [object Object]',
  'Bearer .',
  'Bearer ..',
  'Bearer ...',
  'Bearer a.b',
  'Bearer a.b.c.d',
  'Bearer a.b.c.d.e',
];

/** Dot-separated segments: two-part, four-part and five-part tokens as well as three. */
const tokenish = fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), nastyString(6)), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));

/** JWT-shaped: a readable header that asks for another algorithm or points at another key. */
const forgedJWT = fc
  .tuple(
    fc.record(
      {
        alg: fc.constantFrom('none', 'None', 'NONE', 'HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'PS256', 'EdDSA', ''),
        typ: fc.constantFrom('JWT', 'at+jwt', 'jwt', ''),
        kid: fc.oneof(fc.constantFrom('../../../../dev/null', "' OR 1=1 --", '0'), nastyString(8)),
        jku: fc.constant('http://attacker.example/jwks.json'),
        jwk: fc.constant({ kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url') }),
        crit: fc.constantFrom(['exp'], ['b64'], []),
        b64: fc.boolean(),
      },
      { requiredKeys: ['alg'] },
    ),
    fc.record(
      {
        sub: fc.oneof(fc.constant('alice'), nastyString(8), fc.integer()),
        exp: fc.oneof(fc.integer(), fc.double(), fc.constant('never'), fc.constant(2 ** 53)),
        nbf: fc.integer(),
        iat: fc.integer(),
        iss: fc.constantFrom('authlab', 'attacker'),
        aud: fc.oneof(fc.constantFrom('jwt', 'lockout', 'bcrypt'), fc.constant(['jwt', 'lockout'])),
        sid: fc.oneof(fc.uuid(), fc.integer()),
      },
      { requiredKeys: [] },
    ),
    fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_-]{1,86}$/)),
  )
  .map(([header, payload, signature]) => `${b64url(header)}.${b64url(payload)}.${signature}`);

/** A genuine header made slightly wrong: one character changed, cut short, extended, or re-cased. */
function mutated(valid: string): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), nastyChar, fc.constantFrom('replace', 'cut', 'append', 'case', 'double')).map(([at, char, how]) => {
    const index = at % valid.length;
    switch (how) {
      case 'replace':
        return valid.slice(0, index) + char + valid.slice(index + 1);
      case 'cut':
        return valid.slice(0, index);
      case 'append':
        return valid + char;
      case 'case':
        return valid.toLowerCase();
      default:
        return `${valid}, ${valid}`;
    }
  });
}

/**
 * Any Authorization header value, or none. `valid` is a live header for the stage's known user,
 * so a share of requests succeeds and the success path is held to the same invariants.
 */
export function authorizationHeader(valid: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: mutated(valid) },
    { weight: 2, arbitrary: fc.constantFrom(...FIXED) },
    { weight: 3, arbitrary: tokenish.map((token) => `Bearer ${token}`) },
    { weight: 3, arbitrary: forgedJWT.map((token) => `Bearer ${token}`) },
    { weight: 2, arbitrary: fc.tuple(nastyString(12), nastyString(12)).map(([user, pass]) => `Basic ${b64(`${user}:${pass}`)}`) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => `Basic ${b64(bytes)}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Basic ', 'Bearer ', ''), nastyString(30)).map(([scheme, rest]) => scheme + rest) },
    // Long, but under Node's 16 KB header limit: the handlers must refuse them themselves.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Basic ', 'Bearer '), hugeString).map(([scheme, rest]) => scheme + rest.slice(0, 15_000)) },
  );
}
