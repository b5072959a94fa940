import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { basicSniffing } from './attacks/basic-sniffing.ts';
import { breachCrack } from './attacks/breach-crack.ts';
import { bruteForce } from './attacks/brute-force.ts';
import { forgedJWT } from './attacks/forged-jwt.ts';
import { messageEnumeration } from './attacks/message-enumeration.ts';
import { passwordSpraying } from './attacks/password-spraying.ts';
import { timingEnumeration } from './attacks/timing-enumeration.ts';
import { tokenReplay } from './attacks/token-replay.ts';
import { ATTACKS } from './registry.ts';
import { createFakeApi } from './test-support/fake-api.ts';
import { WORDLIST } from './wordlist.ts';

/** The only routes a learner's own API has: the ones its description names. */
const DESCRIBED_ROUTES = new Set(['POST /api/signup', 'POST /api/auth', 'GET /api/me']);

describe('an attack against a learner’s own API (described target)', () => {
  it('brute force plants its own victim under a fresh name, guesses only that name, and cracks a weak password', async () => {
    const api = createFakeApi();
    const result = await bruteForce.run(api.target, { budget: { maxAttempts: 20 } });
    expect(result.status).toBe('cracked');
    const victim = result.findings[0]?.subject ?? '';
    expect(victim).toMatch(/^alice-[0-9a-f]{10}$/);
    expect(new Set(api.loginsFor)).toEqual(new Set([victim]));
    expect(result.stage).toBe('Fake own API');
  });

  it('sends only the described routes: never /reset, /breach, /clock or anything of the lab', async () => {
    const api = createFakeApi({ lockoutAfter: 5 });
    for (const attack of [bruteForce, passwordSpraying, messageEnumeration]) await attack.run(api.target, { budget: { maxAttempts: 30 } });
    expect(api.requests.filter((request) => !DESCRIBED_ROUTES.has(request))).toEqual([]);
  });

  it('brute force stops at the first 423 and reports the lockout as the result, not an error', async () => {
    const api = createFakeApi({ lockoutAfter: 5, minPasswordLength: 15 });
    const result = await bruteForce.run(api.target);
    expect(result).toMatchObject({ status: 'locked-out', figure: '423 after 5', stoppedBy: 'finished' });
    expect(result.measurements).toMatchObject({ failuresBeforeCutOff: 5, retryAfterSeconds: 900 });
    expect(api.loginsFor).toHaveLength(6);
    expect(result.explanation).toMatch(/would not even let .* choose "dragon"/);
  });

  it('brute force stops at the first 429 and reports the rate limit as the result', async () => {
    const api = createFakeApi({ rateLimitAfter: 3 });
    const result = await bruteForce.run(api.target);
    expect(result).toMatchObject({ status: 'rate-limited', figure: '429 after 3' });
    expect(api.loginsFor).toHaveLength(4);
  });

  it('keeps within its attempt budget', async () => {
    const api = createFakeApi({ minPasswordLength: 15 });
    const result = await bruteForce.run(api.target, { budget: { maxAttempts: 7 } });
    expect(result).toMatchObject({ status: 'refused', stoppedBy: 'budget' });
    expect(api.loginsFor).toHaveLength(7);
  });

  it('password spraying never guesses for an account it did not create', async () => {
    // A real `admin` with a sprayed password: on a stage it would fall; here it is never tried.
    const api = createFakeApi({ existing: { admin: WORDLIST[0] ?? '123456', alice: WORDLIST[1] ?? 'password' } });
    const result = await passwordSpraying.run(api.target);
    expect(api.loginsFor).not.toContain('admin');
    expect(api.loginsFor).not.toContain('alice');
    expect(result.status).toBe('cracked');
    expect(result.findings.map((finding) => finding.subject).every((name) => /^(alice|carol)-/.test(name))).toBe(true);
  });

  it('message enumeration tells planted names from unknown ones on distinct errors, and cannot on one generic error', async () => {
    const distinct = await messageEnumeration.run(createFakeApi({ errors: 'distinct' }).target);
    expect(distinct).toMatchObject({ status: 'exposed', figure: '3/3 users found' });
    const generic = await messageEnumeration.run(createFakeApi({ errors: 'generic' }).target);
    expect(generic).toMatchObject({ status: 'refused', figure: '1 answer for all' });
  });

  it('timing enumeration measures through the description and plants a fresh victim when one locks', async () => {
    // The lockout is not declared: the attack finds it, and goes on with a new victim.
    const api = createFakeApi({ lockoutAfter: 2 });
    const result = await timingEnumeration.run(api.target, { budget: { maxAttempts: 24 } });
    expect(['refused', 'exposed']).toContain(result.status);
    expect(result.measurements.batches).toBeGreaterThan(1);
    const victims = api.loginsFor.filter((name) => name.startsWith('alice-'));
    expect(new Set(victims).size).toBe(result.measurements.batches);
    expect(api.requests).not.toContain('POST /reset');
  });
});

describe('what an attack needs that a learner’s own API may not give', () => {
  it('basic sniffing needs the lab’s /sniff relay: n/a, and nothing sent', async () => {
    const api = createFakeApi();
    const result = await basicSniffing.run(api.target);
    expect(result).toMatchObject({ status: 'not-applicable', figure: 'n/a' });
    expect(result.explanation).toMatch(/\/sniff/);
    expect(api.requests).toEqual([]);
  });

  it('breach and crack says what to add: a storage.command, then --allow-command', async () => {
    const without = await breachCrack.run(createFakeApi().target);
    expect(without).toMatchObject({ status: 'not-applicable' });
    expect(without.explanation).toMatch(/no storage\.command/);
    const notAllowed = await breachCrack.run(createFakeApi({ describe: { storage: { command: 'cat users.tsv' } } }).target);
    expect(notAllowed.explanation).toMatch(/--allow-command/);
  });

  it('breach and crack cracks what the storage command prints, only for the accounts it planted', { timeout: 20_000 }, async () => {
    const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
    const api = createFakeApi({
      describe: { storage: { command: 'print-users' } },
      readStored: async () => new Map([['someone-else', sha256('123456')], ...[...api.users].map(([name, password]) => [name, sha256(password)] as [string, string])]),
    });
    const result = await breachCrack.run(api.target, { budget: { maxDurationMs: 3_000 } });
    expect(result.status).toBe('cracked');
    expect(result.measurements.accounts).toBe(4);
    expect(result.findings.map((finding) => finding.subject)).not.toContain('someone-else');
  });

  it('breach and crack gives no result rather than a guess for a format it cannot crack, or a listing without its accounts', async () => {
    const listing = (value: (password: string) => string) => {
      const api = createFakeApi({
        describe: { storage: { command: 'print-users' } },
        readStored: async () => new Map([...api.users].map(([name, password]) => [name, value(password)] as [string, string])),
      });
      return api;
    };
    const scrypt = await breachCrack.run(listing(() => '$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA').target);
    expect(scrypt).toMatchObject({ status: 'not-applicable' });
    expect(scrypt.explanation).toMatch(/stores scrypt/);
    const pbkdf2 = await breachCrack.run(listing((password) => `pbkdf2:${password.length}`).target);
    expect(pbkdf2.explanation).toMatch(/does not recognise/);
    const empty = await breachCrack.run(createFakeApi({ describe: { storage: { command: 'print-users' } }, readStored: async () => new Map() }).target);
    expect(empty.explanation).toMatch(/did not list/);
  });

  it('forged JWT is n/a when the login returns an opaque token, and cracks an API that believes alg: none', async () => {
    const opaque = await forgedJWT.run(createFakeApi().target);
    expect(opaque).toMatchObject({ status: 'not-applicable' });
    expect(opaque.explanation).toMatch(/opaque token/);
    const naive = await forgedJWT.run(createFakeApi({ tokens: 'jwt-none-accepted' }).target);
    expect(naive.status).toBe('cracked');
    expect(naive.findings.find((finding) => finding.subject === 'alg: none')?.value).toMatch(/^accepted as alice-/);
  });

  it('token replay is n/a without a known short lifetime, and says how to give one', async () => {
    const result = await tokenReplay.run(createFakeApi().target);
    expect(result).toMatchObject({ status: 'not-applicable' });
    expect(result.explanation).toMatch(/known\.accessTokenSeconds/);
    const long = await tokenReplay.run(createFakeApi({ describe: { known: { accessTokenSeconds: 900 } } }).target);
    expect(long.explanation).toMatch(/15 min|900/);
  });

  it('every attack answers an own API with a result or a reason, never a crash', async () => {
    for (const attack of ATTACKS) {
      const result = await attack.run(createFakeApi().target, { budget: { maxAttempts: 12, maxDurationMs: 10_000 } });
      if (result.status === 'not-applicable') expect(result.explanation, attack.id).not.toBe('');
    }
  });
});

describe('token replay on an own API with a short declared lifetime', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits it out for real (here: a fake clock) and sees the token refused past it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const api = createFakeApi({ tokenSeconds: 20, describe: { known: { accessTokenSeconds: 20 } } });
    const run = tokenReplay.run(api.target);
    await vi.advanceTimersByTimeAsync(25_000);
    const result = await run;
    expect(result).toMatchObject({ status: 'refused', figure: 'dies at +21 s' });
    expect(result.series.attempts.map((point) => point.status)).toEqual([200, 401]);
  });

  it('reports a token that outlives its declared lifetime as exposed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const api = createFakeApi({ describe: { known: { accessTokenSeconds: 20 } } });
    const run = tokenReplay.run(api.target);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(await run).toMatchObject({ status: 'exposed' });
  });
});
