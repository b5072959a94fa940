import { OWASP_ARGON2_MINIMUMS, OWASP_ARGON2ID as CHECKED_ARGON2ID, STAGE_IDS, type StageId } from '@authlab/contract';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BCRYPT_MAX_PASSWORD_BYTES, MIN_JWT_SECRET_BYTES, OWASP_ARGON2ID, lockDurationSeconds, type LockoutSettings } from '@authlab/auth-core';
import { SIMULATED_PROCESSES, STAGES as SERVER_STAGES } from '@authlab/server/stages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPolicy, startLiveLab, type LiveLab, type Policy } from './live-lab.ts';
import { REPO_DIR, readLessonFile } from './parse.ts';

/**
 * The numbers a lesson states are the numbers its stage publishes in `GET /api/stages/:stage`,
 * read from a running server with the production settings. Each claim is a pattern, not a
 * sentence: every place the pattern matches must carry the published number (a wrong number
 * anywhere fails), and it must match at least once (a claim that silently vanished fails too,
 * so this list is updated along with the prose). On top of that, every duration a stage lesson
 * names must be one its stages publish or follow from (the sweep at the bottom).
 *
 * What the lessons say about statuses, error codes, headers and flow paths is replayed against
 * the stages in replay.test.ts. The rest is proven by server and check tests:
 * - 401 always carries WWW-Authenticate (Bearer with the stage's realm, Basic on `basic`):
 *   apps/server/test/contract.test.ts, test/stages/0N-*.test.ts ("…challenge…").
 * - "Unknown user"/"Wrong password" on stages 1–5, "Invalid credentials" on 6, "Token expired"
 *   and node I, refresh_reused / refresh_revoked / refresh_expired / refresh_unknown, logout 204
 *   that leaves the access token valid: test/stages/01…06-*.test.ts.
 * - 423 with Retry-After for real and made-up names, the doubling lock, 429 with RateLimit and
 *   RateLimit-Policy (draft 8), X-Forwarded-For ignored, 409 username_taken on every stage,
 *   password-policy codes: test/stages/06-lockout*.test.ts; burst counting: test/hardening/lockout-races.test.ts.
 * - Cache-Control: no-store and the security headers: test/app.test.ts, test/hardening/headers.test.ts.
 * - The window of 06-lockout (failures spaced inside it add up, older ones are forgotten):
 *   the account-lockout check, test/profiles.test.ts and packages/checks account-lockout.test.ts.
 * - bcrypt cost and the 72-byte cut on stages 3–5: test/stages/03-bcrypt.test.ts and the
 *   slow-hash / no-72-byte-truncation checks.
 */

type Published = Readonly<Record<StageId, Policy>>;

/** The verdict each practice check must give on a stage, as the stage module declares it. */
const profileOf = (stage: StageId): Readonly<Record<string, string>> => SERVER_STAGES.find((candidate) => candidate.info.id === stage)?.expectedChecks ?? {};

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

const WORDS: Readonly<Record<string, number>> = Object.fromEntries(
  [
    ['one', 'first'],
    ['two', 'second'],
    ['three', 'third'],
    ['four', 'fourth'],
    ['five', 'fifth'],
    ['six', 'sixth'],
    ['seven', 'seventh'],
    ['eight', 'eighth'],
    ['nine', 'ninth'],
    ['ten', 'tenth'],
    ['eleven', 'eleventh'],
    ['twelve', 'twelfth'],
    ['thirteen', 'thirteenth'],
    ['fourteen', 'fourteenth'],
    ['fifteen', 'fifteenth'],
    ['sixteen', 'sixteenth'],
    ['seventeen', 'seventeenth'],
    ['eighteen', 'eighteenth'],
    ['nineteen', 'nineteenth'],
    ['twenty', 'twentieth'],
    ['thirty', 'thirtieth'],
  ].flatMap(([cardinal = '', ordinal = ''], index) => {
    const value = index < 20 ? index + 1 : 30;
    return [
      [cardinal, value],
      [ordinal, value],
    ];
  }),
);
/** A number as a lesson writes it: `1,440`, `15` or `fifteen` (`Fifteen`, `fifth`). */
const N = `(\\d[\\d,]*|${Object.keys(WORDS).join('|')})`;

function parseCapture(capture: string): number | string {
  if (/^\d[\d,]*$/.test(capture)) return Number(capture.replaceAll(',', ''));
  return WORDS[capture.toLowerCase()] ?? capture;
}

/** Lesson text wraps lines anywhere: runs of whitespace become single spaces. */
const lessonText = (folder: string): string => readLessonFile(folder, 'lesson.md').replace(/\s+/g, ' ');

/** The growing locks of 06-lockout, worked out from the published lockout. */
function lockoutArithmetic(lockout: LockoutSettings): {
  runsInFirstDay: number;
  hoursToFailures(failures: number): number;
  durations: number[];
} {
  const durations: number[] = [];
  for (let lock = 1; durations.at(-1) !== lockout.maxLockSeconds; lock++) durations.push(lockDurationSeconds(lockout, lock));
  let runsInFirstDay = 0;
  for (let startSeconds = 0, lock = 1; startSeconds < DAY; lock++) {
    runsInFirstDay += 1;
    startSeconds += lockDurationSeconds(lockout, lock);
  }
  const hoursToFailures = (failures: number): number => {
    const runs = Math.ceil(failures / lockout.maxFailures);
    let seconds = 0;
    for (let lock = 1; lock < runs; lock++) seconds += lockDurationSeconds(lockout, lock);
    return seconds / HOUR;
  };
  return { runsInFirstDay, hoursToFailures, durations };
}

const lockoutOf = (published: Published): LockoutSettings => {
  const lockout = published.lockout.lockout;
  if (lockout === null) throw new Error('the lockout stage publishes no lockout');
  return lockout;
};
const accessTTL = (published: Published, stage: StageId): number => published[stage].accessToken?.ttlSeconds ?? Number.NaN;
const refreshOf = (published: Published, stage: StageId): { ttlSeconds: number; familyLifetimeSeconds: number } =>
  published[stage].refreshToken ?? { ttlSeconds: Number.NaN, familyLifetimeSeconds: Number.NaN };
const rateLimitOf = (published: Published): { limit: number; windowSeconds: number } => published.lockout.rateLimit ?? { limit: Number.NaN, windowSeconds: Number.NaN };
/** The word a lesson uses for a rate-limit window: `a minute` is only true of 60 seconds. */
const per = (seconds: number): string => (seconds === MINUTE ? 'minute' : `${seconds} seconds`);

/** The playground's fast-forward button, which lesson 6 tells the learner to press. */
const fastForwardMinutes = Number(/Fast-forward (\d+) min/.exec(readFileSync(path.join(REPO_DIR, 'apps/playground/src/components/request/DemoClock.tsx'), 'utf8'))?.[1]);

/** The lesson's `burst` sends this many wrong guesses before the right one. */
const BURST_WRONG_GUESSES = 8;

interface Claim {
  /** What the lesson says, in a few words. */
  what: string;
  /** Global; each capture group is a number (digits or words) or text compared as it stands. */
  pattern: RegExp;
  /** The values of the capture groups, or for a single group, the values it may take. */
  expected(published: Published): readonly (number | string)[] | { oneOf: readonly number[] };
}

const claim = (what: string, pattern: string, expected: Claim['expected']): Claim => ({ what, pattern: new RegExp(pattern, 'gi'), expected });

const CLAIMS: Readonly<Record<string, readonly Claim[]>> = {
  '03-bcrypt': [
    claim('the default bcrypt cost', `\\bcost ${N}\\b`, (p) => [p.bcrypt.passwordStorage.cost ?? Number.NaN]),
    claim('the cost inside a stored hash', `\\$2b\\$${N}\\$`, (p) => [p.bcrypt.passwordStorage.cost ?? Number.NaN]),
    claim("bcrypt's byte limit", `first ${N} bytes`, () => [BCRYPT_MAX_PASSWORD_BYTES]),
    claim('four-byte emoji that fill the limit', `${N} emoji already fill the ${N} bytes`, () => [BCRYPT_MAX_PASSWORD_BYTES / 4, BCRYPT_MAX_PASSWORD_BYTES]),
  ],
  '04-basic': [claim("stage 5's token lifetime", `expires after ${N} minutes`, (p) => [accessTTL(p, 'jwt') / MINUTE])],
  '05-jwt': [
    claim('the access-token lifetime in minutes', `${N} minutes`, (p) => [accessTTL(p, 'jwt') / MINUTE]),
    claim('expiresIn', `expiresIn"?:? ${N}`, (p) => [accessTTL(p, 'jwt')]),
    claim('the refresh-token lifetime (idle timeout)', `(?:lasts|is the) ${N} days`, (p) => [refreshOf(p, 'jwt').ttlSeconds / DAY]),
    claim('the family lifetime (absolute timeout)', `${N} days from the login`, (p) => [refreshOf(p, 'jwt').familyLifetimeSeconds / DAY]),
    claim('the shortest signing secret', `at least ${N} random bytes`, () => [MIN_JWT_SECRET_BYTES]),
    claim("stage 6's threshold", `${N} failed attempts for a username`, (p) => [lockoutOf(p).maxFailures]),
  ],
  '06-lockout': [
    claim('the threshold', `Every ${N} failed login in a row`, (p) => [lockoutOf(p).maxFailures]),
    claim('the threshold, again', `after ${N} failures`, (p) => [lockoutOf(p).maxFailures]),
    claim('the first lock', `first lock lasts ${N} minutes`, (p) => [lockoutOf(p).lockSeconds / MINUTE]),
    claim('the doubling', `\\(${N}, ${N}, ${N} … minutes\\)`, (p) => [2, 3, 4].map((lock) => lockDurationSeconds(lockoutOf(p), lock) / MINUTE)),
    claim('the longest lock', `(?:up to|longer than|lock lasts) ${N} hours`, (p) => [lockoutOf(p).maxLockSeconds / HOUR]),
    claim('the window', `until ${N} hours pass without a new one`, (p) => [lockoutOf(p).windowSeconds / HOUR]),
    claim('a fixed lock per day', `${N} passwords every ${N} minutes: about ${N} a day`, (p) => {
      const { maxFailures, lockSeconds } = lockoutOf(p);
      return [maxFailures, lockSeconds / MINUTE, (DAY / lockSeconds) * maxFailures];
    }),
    claim('growing locks in the first day', `gives ${N} runs of ${N}, so ${N} guesses, in the first ${N} hours`, (p) => {
      const { runsInFirstDay } = lockoutArithmetic(lockoutOf(p));
      const { maxFailures } = lockoutOf(p);
      return [runsInFirstDay, maxFailures, runsInFirstDay * maxFailures, DAY / HOUR];
    }),
    claim('growing locks after that', `${N} a day after that`, (p) => [(DAY / lockoutOf(p).maxLockSeconds) * lockoutOf(p).maxFailures]),
    claim('staying below the threshold', `Staying at ${N} failures to avoid a lock gives ${N} guesses a day`, (p) => {
      const { maxFailures, windowSeconds } = lockoutOf(p);
      return [maxFailures - 1, (maxFailures - 1) * (DAY / windowSeconds)];
    }),
    claim('hours to 100 consecutive failures', `takes about ${N} hours to reach 100`, (p) => [Math.round(lockoutArithmetic(lockoutOf(p)).hoursToFailures(100))]),
    claim('the second lock, in seconds', `Retry-After: ${N}\`?, ${N} minutes this time`, (p) => {
      const seconds = lockDurationSeconds(lockoutOf(p), 2);
      return [seconds, seconds / MINUTE];
    }),
    claim('the first lock, in the curl example', `# 423, with Retry-After: ${N} and`, (p) => [lockoutOf(p).lockSeconds]),
    claim('every lock the curl examples show', `# 423, with Retry-After: ${N}`, (p) => ({ oneOf: lockoutArithmetic(lockoutOf(p)).durations })),
    claim('the demo clock moved past the first lock', `"advanceSeconds":${N}`, (p) => [lockoutOf(p).lockSeconds]),
    claim("waiting out the rate limit's real window", `sleep ${N}(?![.\\d])`, (p) => [rateLimitOf(p).windowSeconds]),
    claim("the playground's fast-forward", `Fast-forward ${N} min`, () => [fastForwardMinutes]),
    claim('the login rate limit', `${N} login attempts a (minute)`, (p) => [rateLimitOf(p).limit, per(rateLimitOf(p).windowSeconds)]),
    claim('the login rate limit, again', `past ${N} attempts a (minute)`, (p) => [rateLimitOf(p).limit, per(rateLimitOf(p).windowSeconds)]),
    claim('the first refused login', `the ${N} in a (minute) comes back \`429\``, (p) => [rateLimitOf(p).limit + 1, per(rateLimitOf(p).windowSeconds)]),
    claim('the attempts of the rate-limit demo', `${N} attempts from one address`, (p) => [rateLimitOf(p).limit + 1]),
    claim('the registration rate limit', `${N} registrations every ${N} minutes`, (p) => {
      const limit = p.lockout.registrationRateLimit;
      return [limit?.limit ?? Number.NaN, (limit?.windowSeconds ?? Number.NaN) / MINUTE];
    }),
    claim('the password length rules', `at least ${N} characters, at most ${N} bytes`, (p) => [
      p.lockout.passwordPolicy?.minLength ?? Number.NaN,
      p.lockout.passwordPolicy?.maxBytes ?? Number.NaN,
    ]),
    claim('the minimum length, again', `At least ${N}, because`, (p) => [p.lockout.passwordPolicy?.minLength ?? Number.NaN]),
    claim("bcrypt's limit in characters", `That is ${N} ASCII characters, but only ${N} characters of a script that takes three bytes each`, (p) => {
      const maxBytes = p.lockout.passwordPolicy?.maxBytes ?? Number.NaN;
      return [maxBytes, maxBytes / 3];
    }),
    claim('emoji that fill the limit', `${N} four-byte emoji`, (p) => [(p.lockout.passwordPolicy?.maxBytes ?? Number.NaN) / 4]),
    claim('the cost a registration flood paid', `each hashed at cost ${N}`, (p) => [p.lockout.passwordStorage.cost ?? Number.NaN]),
    claim('the access-token lifetime', `(?:the|after) ${N} minutes(?: we issue| after they are issued)`, (p) => [accessTTL(p, 'lockout') / MINUTE]),
    claim('the family lifetime', `ends ${N} days after its login`, (p) => [refreshOf(p, 'lockout').familyLifetimeSeconds / DAY]),
    claim('the window as the check proves it', `failures ${N} h ${N} min apart still add up while failures ${N} h ${N} min old are forgotten`, (p) => {
      const { windowSeconds } = lockoutOf(p);
      const hoursAndMinutes = (seconds: number): number[] => [Math.floor(seconds / HOUR), (seconds % HOUR) / MINUTE];
      return [...hoursAndMinutes(windowSeconds - MINUTE), ...hoursAndMinutes(windowSeconds + MINUTE)];
    }),
    claim('the 401s before the lock', `# ((?:401 )+)curl`, (p) => ['401 '.repeat(lockoutOf(p).maxFailures)]),
    claim('the 401s before the rate limit', `# ((?:401 )+)429`, (p) => ['401 '.repeat(rateLimitOf(p).limit)]),
    claim('the checked guesses of a burst', `${N} 401s and ${N} 423s`, (p) => [lockoutOf(p).maxFailures, BURST_WRONG_GUESSES - lockoutOf(p).maxFailures]),
    // The worked example of counts kept in each process's memory uses as many processes as the lab stands in for.
    claim('the lock behind a balancer', `comes after ${N} wrong guesses instead of ${N}`, (p) => [lockoutOf(p).maxFailures * SIMULATED_PROCESSES, lockoutOf(p).maxFailures]),
    claim('the rate limit behind a balancer', `through ${N} times a (minute), so the address gets ${N}`, (p) => [
      rateLimitOf(p).limit,
      per(rateLimitOf(p).windowSeconds),
      rateLimitOf(p).limit * SIMULATED_PROCESSES,
    ]),
    claim('the allowance measured in the playground', `Expect the promise exactly: ${N} wrong guesses checked, ${N} logins answered`, (p) => [
      lockoutOf(p).maxFailures,
      rateLimitOf(p).limit,
    ]),
    claim('the lockout allowance, measured', `# ${N} wrong guesses checked where the lockout promises ${N}: 1\\.0× its allowance`, (p) => [
      lockoutOf(p).maxFailures,
      lockoutOf(p).maxFailures,
    ]),
    claim('the lockout allowance with memory-rate-limit', `# ${N} wrong guesses checked where the lockout promises ${N}: ${SIMULATED_PROCESSES}\\.0× its allowance`, (p) => [
      lockoutOf(p).maxFailures * SIMULATED_PROCESSES,
      lockoutOf(p).maxFailures,
    ]),
    claim('the rate-limit allowance, measured', `# ${N} logins answered where the limit promises ${N} a (minute): 1\\.0×`, (p) => [
      rateLimitOf(p).limit,
      rateLimitOf(p).limit,
      per(rateLimitOf(p).windowSeconds),
    ]),
    claim('the rate-limit allowance with memory-rate-limit', `# ${N} logins answered where the limit promises ${N} a (minute): ${SIMULATED_PROCESSES}\\.0×`, (p) => [
      rateLimitOf(p).limit * SIMULATED_PROCESSES,
      rateLimitOf(p).limit,
      per(rateLimitOf(p).windowSeconds),
    ]),
  ],
};

let lab: LiveLab;
let published: Published;

beforeAll(async () => {
  lab = await startLiveLab();
  const policies = await Promise.all(STAGE_IDS.map(async (id) => [id, await publishedPolicy(lab, id)] as const));
  published = Object.fromEntries(policies) as Published;
});
afterAll(async () => {
  await lab.close();
});

describe.each(Object.entries(CLAIMS))('the %s lesson', (folder, claims) => {
  it.each(claims.map((each) => [each.what, each] as const))('states what the stages publish: %s', (_what, { pattern, expected }) => {
    const matches = [...lessonText(folder).matchAll(pattern)];
    expect(matches.length, `no longer matches ${pattern}: update this claim along with the lesson`).toBeGreaterThan(0);
    const wanted = expected(published);
    for (const match of matches) {
      const values = match.slice(1).map((capture) => parseCapture(capture ?? ''));
      if ('oneOf' in wanted) expect(wanted.oneOf, match[0]).toContain(values[0]);
      else expect({ text: match[0], values }).toEqual({ text: match[0], values: wanted });
    }
  });
});

/** Seconds per unit, as lessons write them. */
const UNITS: Readonly<Record<string, number>> = { second: 1, seconds: 1, min: MINUTE, minute: MINUTE, minutes: MINUTE, h: HOUR, hour: HOUR, hours: HOUR, day: DAY, days: DAY };
const DURATION = new RegExp(`\\b${N} h ${N} min\\b|\\b${N}[ -](seconds?|minutes?|min|hours?|h|days?)\\b`, 'gi');

/** Every duration the stages publish, and the ones lesson 6 works out from them. */
function knownDurations(published: Published): Set<number> {
  const known = new Set<number>();
  for (const policy of Object.values(published)) {
    for (const seconds of [policy.accessToken?.ttlSeconds, policy.refreshToken?.ttlSeconds, policy.refreshToken?.familyLifetimeSeconds, policy.cookieSession?.ttlSeconds]) {
      if (seconds != null) known.add(seconds);
    }
    for (const limit of [policy.rateLimit, policy.registrationRateLimit]) if (limit) known.add(limit.windowSeconds);
  }
  const lockout = lockoutOf(published);
  const arithmetic = lockoutArithmetic(lockout);
  for (const seconds of arithmetic.durations) known.add(seconds);
  for (const seconds of [lockout.windowSeconds, lockout.windowSeconds - MINUTE, lockout.windowSeconds + MINUTE]) known.add(seconds);
  known.add(Math.round(arithmetic.hoursToFailures(100)) * HOUR);
  known.add(fastForwardMinutes * MINUTE);
  return known;
}

describe('every duration a lesson names', () => {
  const folders = ['00-intro', '01-plaintext', '02-sha256', '03-bcrypt', '04-basic', '05-jwt', '06-lockout', '99-whats-next'];
  it.each(folders)('in %s is one the stages publish or follow from', (folder) => {
    const known = knownDurations(published);
    const unknown = [...lessonText(folder).matchAll(DURATION)]
      .map((match) => {
        const [text, hours, minutes, count, unit] = match;
        const seconds =
          hours !== undefined
            ? Number(parseCapture(hours)) * HOUR + Number(parseCapture(minutes ?? '')) * MINUTE
            : Number(parseCapture(count ?? '')) * (UNITS[(unit ?? '').toLowerCase()] ?? Number.NaN);
        return { text, seconds };
      })
      .filter(({ seconds }) => !known.has(seconds));
    expect(unknown).toEqual([]);
  });
});

describe("the intro's table of common mistakes", () => {
  const intro = readLessonFile('00-intro', 'lesson.md');
  const header = '| Mistake | Stage that shows it | Check that catches it |';
  const rows = intro.split(header)[1]?.split('\n\n')[0]?.split('\n').slice(2) ?? [];
  const order = STAGE_IDS;

  /** `stages 1–5, fixed in [lockout](…)` or links to stage lessons: which stages show it, which fix it. */
  function stagesOf(cell: string): { showing: StageId[]; fixedIn: StageId[] } {
    const [shows = '', fixed = ''] = cell.split('fixed in');
    const linked = (text: string): StageId[] => [...text.matchAll(/\[([a-z0-9]+)\]\(/g)].map((match) => match[1] as StageId);
    const range = /stages (\d)–(\d)/.exec(shows);
    const showing = range ? order.slice(Number(range[1]) - 1, Number(range[2])) : linked(shows);
    return { showing, fixedIn: linked(fixed) };
  }

  it.each(rows.map((row) => [row.split('|')[1]?.trim() ?? row, row] as const))('names the stages where the check fails: %s', (_mistake, row) => {
    const [, , stagesCell = '', checksCell = ''] = row.split('|');
    const { showing, fixedIn } = stagesOf(stagesCell);
    expect(showing.length).toBeGreaterThan(0);
    for (const check of [...checksCell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '')) {
      for (const stage of showing) expect({ stage, check, verdict: profileOf(stage)[check] }).toEqual({ stage, check, verdict: 'fail' });
      for (const stage of fixedIn) expect({ stage, check, verdict: profileOf(stage)[check] }).toEqual({ stage, check, verdict: 'pass' });
    }
  });
});

describe('worked examples the lessons print', () => {
  it('02-sha256: the hash it shows for sunshine1 is the one SHA-256 gives', () => {
    const prefix = /the value starting `([0-9a-f]+)` is what SHA-256 gives for `([^`]+)`/.exec(lessonText('02-sha256'));
    expect(prefix).not.toBeNull();
    expect(
      createHash('sha256')
        .update(prefix?.[2] ?? '')
        .digest('hex')
        .startsWith(prefix?.[1] ?? '-'),
    ).toBe(true);
  });

  it('04-basic: every Basic header it shows decodes to the credentials it says', () => {
    const text = lessonText('04-basic');
    const headers = [...text.matchAll(/Authorization: Basic ([A-Za-z0-9+/=]+)/g)].map((match) => match[1] ?? '');
    expect(headers.length).toBeGreaterThan(0);
    for (const encoded of headers) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      expect(text, encoded).toContain(`decodes to \`${decoded}\``);
    }
  });
});

/**
 * Lesson 3 quotes OWASP's Argon2id setting; auth-core hashes with it and the checks judge by
 * it. All three must be the same numbers.
 */
describe("the 03-bcrypt lesson's Argon2id numbers", () => {
  const { memoryKiB, iterations, parallelism } = OWASP_ARGON2ID;

  it.each([
    `at least ${memoryKiB / 1024} MiB of memory (\`m=${memoryKiB}\`, in KiB), ${iterations} iterations (\`t=${iterations}\`) and ${parallelism} degree of parallelism (\`p=${parallelism}\`)`,
  ])("states auth-core's OWASP_ARGON2ID: %s", (claim) => {
    expect(lessonText('03-bcrypt')).toContain(claim);
  });

  it('states the range of the equal-strength settings the checks accept', () => {
    const most = OWASP_ARGON2_MINIMUMS[0];
    const least = OWASP_ARGON2_MINIMUMS[OWASP_ARGON2_MINIMUMS.length - 1];
    expect(lessonText('03-bcrypt')).toContain(
      `from ${Math.round((most?.memoryKiB ?? 0) / 1024)} MiB with a single pass down to ${Math.round((least?.memoryKiB ?? 0) / 1024)} MiB with five`,
    );
    expect(least?.iterations).toBe(5);
  });

  it('is the setting the practice checks and the attack lab use', () => {
    expect(CHECKED_ARGON2ID).toEqual(OWASP_ARGON2ID);
  });
});
