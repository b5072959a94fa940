import { classifyStored, OWASP_ARGON2ID, parseBcrypt } from '@authlab/contract';
import { defineAttack, type Finding, type Verdict } from '../attack.ts';
import type { AttackContext, PlantedUser } from '../context.ts';
import { crackSHA256, crackSlowHashes, sharedValues, type CrackRun } from '../crack-hashes.ts';
import { measureGuessRates } from '../guess-rates.ts';
import { approximately, formatDuration, perSecond, roundTo } from '../stats.ts';
import { WORDLIST } from '../wordlist.ts';

/** Four accounts with common passwords; alice and bob share one, as people do. */
const PLANTED: readonly (readonly [string, string])[] = [
  ['alice', WORDLIST[47] ?? 'iloveyou'],
  ['bob', WORDLIST[47] ?? 'iloveyou'],
  ['carol', WORDLIST[15] ?? 'letmein'],
  ['dave', WORDLIST[55] ?? 'starwars'],
];
/**
 * How long to let bcrypt burn before extrapolating. A second still times several whole
 * guesses at cost 12 (about three a second in JavaScript), and every guess is the same fixed
 * work, so the rate, and the wordlist time drawn from it, barely move with a longer run.
 */
const BCRYPT_BUDGET_MS = 1_000;
/** Time for each scheme of the guesses-per-second comparison; at least one guess each regardless. */
const RATE_BUDGET_MS_EACH = 1_000;
/** bcrypt's cost in the comparison when the stage itself does not use bcrypt. */
const COMPARISON_BCRYPT_COST = 12;
/** What the cracker can hash a guess with; `unknown` is read as a password stored as typed, when it is one. */
const CRACKABLE_SCHEMES: ReadonlySet<string> = new Set(['sha256', 'bcrypt', 'argon2id', 'unknown']);
/** Which classified schemes are slow password hashes. */
const SLOW_SCHEMES: ReadonlySet<string> = new Set(['bcrypt', 'argon2id', 'argon2i', 'scrypt']);

export const breachCrack = defineAttack({
  id: 'breach-crack',
  title: 'Breach and crack',
  description: `Takes the stage's /breach dump, what an attacker holds after a database leak, and cracks it offline with the ${WORDLIST.length}-password list. No lockout or rate limit can see an offline attack; only the way passwords are stored matters.`,
  lesson: '03-bcrypt',
  needsQuietMachine: true,
  offline: true,
  defaultBudget: { maxAttempts: WORDLIST.length * PLANTED.length, maxDurationMs: 30_000 },
  notApplicableBecause(context) {
    const own = context.ownApi;
    if (own === undefined) return undefined;
    if (own.storage === undefined) {
      return 'Cracking needs what your API stored, and its description has no storage.command. Add one that prints "username<TAB>stored value" per account, then run with --allow-command.';
    }
    if (context.target.readStored === undefined) return 'storage.command runs only when you allow it: run again with --allow-command to crack what your API stored.';
    return undefined;
  },
  async execute(context) {
    context.setup(`planting ${PLANTED.length} accounts`);
    const planted = await context.plantUsers(PLANTED);
    const stored = await leakedValues(
      context,
      planted.map((user) => user.username),
    );
    if (context.ownApi !== undefined) {
      const unreadable = unreadableListing(stored, planted);
      if (unreadable !== undefined) return { status: 'not-applicable', figure: 'n/a', explanation: unreadable };
    }
    const scheme = classifyStored([...stored.values()][0] ?? '').scheme;
    context.plan(WORDLIST.length);

    // Not any hash format: the column holds the passwords themselves.
    if (scheme === 'unknown') {
      return {
        status: 'exposed',
        figure: `${stored.size}/${stored.size} read`,
        explanation: `The dump holds the passwords as typed: ${stored.size} of ${stored.size} read without any cracking.`,
        measurements: { accounts: stored.size, cracked: stored.size },
        findings: [...stored].map(([username, password]) => ({ subject: username, value: password, detail: 'stored as typed' })),
      };
    }
    const crackOptions = { signal: context.signal, maxHashes: context.budget.maxAttempts, onProgress: (words: number) => context.progress(words, `${words} words tried`) };
    if (scheme === 'sha256') {
      const run = await crackSHA256(stored, WORDLIST, { ...crackOptions, maxDurationMs: context.remainingMs() });
      context.ranOutOfBudget = !run.exhausted && run.cracked.length < stored.size;
      return withGuessRates(verdictFor(run, stored, { scheme, shared: sharedValues(stored) }), await compareGuessRates(context, scheme, stored));
    }
    const run = await crackSlowHashes(stored, WORDLIST, { ...crackOptions, maxDurationMs: Math.min(BCRYPT_BUDGET_MS, context.remainingMs()) });
    // Stopping here is the point: the rest is extrapolated from the rate just measured.
    context.ranOutOfBudget = !run.exhausted;
    return withGuessRates(verdictFor(run, stored, { scheme, shared: [] }), await compareGuessRates(context, scheme, stored));
  },
});

/**
 * The same guess against SHA-256, bcrypt (at the stage's cost, or 12) and Argon2id (OWASP's
 * setting), each timed on this machine for about a second: why the storage scheme decides
 * how long a leaked table holds out. In a matrix run the figures are measured once and shared
 * (they belong to the machine, not the stage); the measurements then say how old they are.
 */
async function compareGuessRates(context: AttackContext, scheme: string, stored: ReadonlyMap<string, string>): Promise<Record<string, number>> {
  context.progress(WORDLIST.length, 'measuring guesses per second: SHA-256, bcrypt, Argon2id');
  // A stage publishes its cost; an own API's is read off a stored hash.
  const stageCost = context.policy.passwordStorage?.cost ?? parseBcrypt([...stored.values()][0] ?? '')?.cost;
  const bcryptCost = scheme === 'bcrypt' && typeof stageCost === 'number' ? stageCost : COMPARISON_BCRYPT_COST;
  const options = {
    bcryptCost,
    argon2id: OWASP_ARGON2ID,
    budgetMsEach: Math.min(RATE_BUDGET_MS_EACH, context.remainingMs() / 3),
    words: WORDLIST,
    signal: context.signal,
  };
  const shared = context.guessRates === undefined ? undefined : await context.guessRates.measure(options);
  const rates = shared ?? (await measureGuessRates(options));
  return {
    sha256GuessesPerSecond: roundTo(rates.sha256.perSecond, 1),
    bcryptGuessesPerSecond: roundTo(rates.bcrypt.perSecond, 2),
    bcryptCost: rates.bcrypt.cost,
    argon2idGuessesPerSecond: roundTo(rates.argon2id.perSecond, 2),
    argon2idMemoryKiB: rates.argon2id.memoryKiB,
    argon2idIterations: rates.argon2id.iterations,
    argon2idParallelism: rates.argon2id.parallelism,
    ...(shared === undefined ? {} : { guessRatesSharedAgeSeconds: Math.round((performance.now() - shared.measuredAtMs) / 1000) }),
  };
}

function withGuessRates(verdict: Verdict, rates: Record<string, number>): Verdict {
  const age = rates.guessRatesSharedAgeSeconds;
  const shared =
    age === undefined
      ? ''
      : ` The guesses-per-second comparison was measured once for this run${age > 0 ? `, ${formatDuration(age * 1000)} ago` : ''}, and is shared by every stage.`;
  return { ...verdict, explanation: `${verdict.explanation}${shared}`, measurements: { ...verdict.measurements, ...rates } };
}

function verdictFor(run: CrackRun, stored: ReadonlyMap<string, string>, how: { scheme: string; shared: string[][] }): Verdict {
  const rate = perSecond(run.hashes, run.elapsedMs);
  const remaining = stored.size - run.cracked.length;
  // The whole list against every uncracked hash, at the rate just measured.
  const wordlistMs = rate > 0 ? ((WORDLIST.length * remaining) / rate) * 1000 : 0;
  const findings: Finding[] = run.cracked.map(({ username, password, rank }) => ({ subject: username, value: password, detail: `wordlist #${rank + 1}` }));
  for (const group of how.shared) findings.push({ subject: group.join(' + '), value: 'same hash', detail: 'so the same password' });
  const measurements = {
    accounts: stored.size,
    cracked: run.cracked.length,
    hashes: run.hashes,
    hashesPerSecond: roundTo(rate, 1),
    crackMs: Math.round(run.elapsedMs),
    ...(remaining > 0 ? { wordlistForRemainingSeconds: Math.round(wordlistMs / 1000) } : {}),
  };
  const sharing = how.shared.length > 0 ? ` Equal hashes gave away shared passwords before any cracking (${how.shared.map((group) => group.join(' + ')).join(', ')}).` : '';
  if (remaining === 0) {
    return {
      status: 'cracked',
      figure: `${stored.size}/${stored.size} in ${formatDuration(run.elapsedMs)}`,
      explanation: `${how.scheme}: all ${stored.size} passwords cracked in ${formatDuration(run.elapsedMs)} (${approximately(rate)} hashes/s).${sharing}`,
      measurements,
      findings,
    };
  }
  const slow = SLOW_SCHEMES.has(how.scheme);
  return {
    status: slow ? 'slowed' : 'refused',
    figure: slow ? `list ≈ ${formatDuration(wordlistMs)}` : `${run.cracked.length}/${stored.size} cracked`,
    explanation: `${how.scheme}: ${run.cracked.length} of ${stored.size} cracked in ${formatDuration(run.elapsedMs)} at ${approximately(rate)} hashes/s; every salt needs its own guesses, so the ${WORDLIST.length}-word list against the rest would take about ${formatDuration(wordlistMs)} here.`,
    measurements,
    findings,
  };
}

/**
 * What the attacker holds after a leak: the stage's `/breach` dump, or on a learner's own API what
 * its storage.command prints, kept to the accounts this attack planted: the other rows belong to
 * people who did not ask to have their passwords cracked.
 */
async function leakedValues(context: AttackContext, planted: readonly string[]): Promise<Map<string, string>> {
  const readStored = context.target.readStored;
  if (context.stage !== undefined || readStored === undefined) {
    const reply = await context.http.breach();
    context.record(reply, 'GET /breach');
    return storedValues(reply.response.body);
  }
  // A command on this machine, not a request: nothing for the chart of answers.
  const all = await readStored();
  return new Map(
    planted.flatMap((username) => {
      const value = all.get(username);
      return value === undefined ? [] : [[username, value] as const];
    }),
  );
}

function storedValues(body: unknown): Map<string, string> {
  const users = (body as { users?: { username?: unknown; stored?: unknown }[] } | null)?.users ?? [];
  return new Map(users.flatMap((user) => (typeof user.username === 'string' && typeof user.stored === 'string' ? [[user.username, user.stored] as const] : [])));
}

/**
 * Why an own API's listing cannot be cracked honestly, or undefined when it can: it must list
 * every planted account, and a value in no format AuthLab knows counts as the password itself
 * only when it is exactly that password.
 */
function unreadableListing(stored: ReadonlyMap<string, string>, planted: readonly PlantedUser[]): string | undefined {
  const missing = planted.filter((user) => !stored.has(user.username));
  if (missing.length > 0)
    return `storage.command did not list ${missing.map((user) => user.username).join(', ')}, registered just now: is it reading the same database as the running API?`;
  const schemes = new Set(planted.map((user) => classifyStored(stored.get(user.username) ?? '').scheme));
  const uncrackable = [...schemes].filter((scheme) => !CRACKABLE_SCHEMES.has(scheme));
  if (uncrackable.length > 0)
    return `Your API stores ${uncrackable.join(' and ')}, which this lab does not crack offline (it cracks SHA-256 hex, bcrypt and Argon2id): no result rather than a guessed one.`;
  const unknownFormat = planted.filter((user) => classifyStored(stored.get(user.username) ?? '').scheme === 'unknown');
  if (unknownFormat.length === 0 || unknownFormat.every((user) => stored.get(user.username) === user.password)) return undefined;
  return `Your API stores a format AuthLab does not recognise (e.g. "${(stored.get(unknownFormat[0]?.username ?? '') ?? '').slice(0, 24)}…"); it cracks SHA-256 hex, bcrypt and Argon2, and reads passwords stored as typed.`;
}
