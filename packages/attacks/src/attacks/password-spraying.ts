import { retryAfterOf } from '@authlab/contract';
import { defineAttack } from '../attack.ts';
import type { Finding } from '../attack.ts';
import { formatDuration, perSecond, roundTo } from '../stats.ts';
import { WORDLIST } from '../wordlist.ts';

/** The few most common passwords, each tried once per name: too few per account to trip a lockout. */
const SPRAYED = WORDLIST.slice(0, 3);
/** Names an attacker would guess or collect: some are real accounts, some are not. */
const USERNAMES = ['admin', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'root'];
/** The accounts planted on the stage; two of them use a sprayed password. */
const PLANTED: readonly (readonly [string, string | undefined])[] = [
  ['alice', SPRAYED[1]],
  ['bob', undefined],
  ['carol', SPRAYED[0]],
  ['dave', undefined],
];

export const passwordSpraying = defineAttack({
  id: 'password-spraying',
  title: 'Password spraying',
  description: `Tries the ${SPRAYED.length} most common passwords once against each of ${USERNAMES.length} usernames. No single account sees enough failures to lock; only a per-client rate limit notices.`,
  lesson: '06-lockout',
  defaultBudget: { maxAttempts: SPRAYED.length * USERNAMES.length, maxDurationMs: 60_000 },
  async execute(context) {
    context.setup(`planting ${PLANTED.length} accounts`);
    const refused: Finding[] = [];
    // On a learner's own API every name here is a fresh random one: planted, or surely unknown.
    const usernames = USERNAMES.map((name) => context.userName(name));
    for (const planted of await context.plantUsers(PLANTED)) {
      if (planted.refusedPassword) refused.push({ subject: planted.username, value: 'policy refused', detail: `"${planted.refusedPassword.password}"` });
    }
    context.plan(SPRAYED.length * USERNAMES.length);

    const started = performance.now();
    const compromised: Finding[] = [];
    let cutOff: { status: number; retryAfterSeconds?: number } | undefined;
    spray: for (const password of SPRAYED) {
      for (const username of usernames) {
        if (compromised.some((finding) => finding.subject === username)) continue;
        if (!context.withinBudget()) break spray;
        const reply = await context.guess(username, password);
        context.record(reply, `${username} / ${password}`, password);
        if (context.guessSucceeded(reply)) compromised.push({ subject: username, value: password, detail: `attempt ${context.attemptCount}` });
        if (reply.response.status === 423 || reply.response.status === 429) {
          cutOff = { status: reply.response.status, ...(retryAfterOf(reply) === undefined ? {} : { retryAfterSeconds: retryAfterOf(reply) }) };
          break spray;
        }
      }
    }

    const elapsedMs = performance.now() - started;
    const attempts = context.attemptCount;
    const measurements = {
      attempts,
      attemptsPerSecond: roundTo(perSecond(attempts, elapsedMs), 1),
      accountsCompromised: compromised.length,
      accountsPlanted: PLANTED.length,
    };
    const findings = [...compromised, ...refused];
    if (compromised.length > 0) {
      return {
        status: 'cracked',
        figure: `${compromised.length}/${PLANTED.length} accounts`,
        explanation: `${compromised.length} of ${PLANTED.length} accounts fell to the ${SPRAYED.length} most common passwords in ${attempts} attempts (${formatDuration(elapsedMs)})${cutOff ? `, before ${cutOff.status} cut the spray off` : ', and no account saw enough failures to lock'}.`,
        measurements,
        findings,
      };
    }
    if (cutOff) {
      const through = attempts - 1;
      return {
        status: cutOff.status === 429 ? 'rate-limited' : 'locked-out',
        figure: `${cutOff.status} after ${through}`,
        explanation: `After ${through} attempts across different names ${context.targetNoun} answered ${cutOff.status}${cutOff.retryAfterSeconds === undefined ? '' : ` (Retry-After ${cutOff.retryAfterSeconds} s)`}: ${cutOff.status === 429 ? 'the per-client rate limit stops spraying, where a per-account lockout never would' : 'an account locked'}.`,
        measurements: { ...measurements, attemptsBeforeCutOff: through, ...(cutOff.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: cutOff.retryAfterSeconds }) },
        findings,
      };
    }
    return {
      status: 'refused',
      figure: `0/${PLANTED.length} accounts`,
      explanation: `${attempts} attempts, no account used a sprayed password.`,
      measurements,
      findings,
    };
  },
});
