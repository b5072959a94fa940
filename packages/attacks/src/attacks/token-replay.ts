import { decodeJWT, errorOf } from '@authlab/contract';
import { defineAttack, type Verdict } from '../attack.ts';
import type { AttackContext } from '../context.ts';
import { sleep } from '../sleep.ts';
import { formatDuration } from '../stats.ts';

const VICTIM = 'alice';
const DAY_SECONDS = 24 * 60 * 60;
/** The last replay: a month later, long after anyone would notice the theft. */
const MONTH_SECONDS = 30 * DAY_SECONDS;
/** The longest lifetime the attack waits out in real time on an API without a demo clock. */
const MAX_REAL_WAIT_SECONDS = 90;

export const tokenReplay = defineAttack({
  id: 'token-replay',
  title: 'Stolen token replay',
  description:
    "Steals a victim's access token (from a log, a proxy, a shared laptop) and replays it later, fast-forwarding the stage's demo clock. A session that never expires works forever; a JWT dies at its `exp`.",
  lesson: '05-jwt',
  // Long enough to wait out a short lifetime for real on an own API; a stage's demo clock takes no time.
  defaultBudget: { maxAttempts: 4, maxDurationMs: (MAX_REAL_WAIT_SECONDS + 30) * 1000 },
  notApplicableBecause(context) {
    if (context.ownApi !== undefined) return context.hasLogin ? undefined : 'Your API has no login step: no token to steal; the password itself travels with every request.';
    return context.policy.accessToken ? undefined : 'This stage issues no tokens; the password itself travels with every request (see Basic sniffing).';
  },
  async execute(context) {
    context.setup(`planting ${context.userName(VICTIM)} and stealing a token`);
    const token = await context.stealToken(await context.plantUser(VICTIM));
    if (context.ownApi !== undefined) return replayForReal(context, token);
    const ttlSeconds = context.policy.accessToken?.ttlSeconds ?? null;
    // Replay at once, then later: half-way through its life and just past it (or a day later), then a month later.
    const laterSeconds = ttlSeconds === null ? [DAY_SECONDS, MONTH_SECONDS] : [Math.floor(ttlSeconds / 2), ttlSeconds + 1, MONTH_SECONDS];
    context.plan(1 + laterSeconds.length);

    let clockSeconds = 0;
    let lastWorkingSeconds = 0;
    let refusal: { atSeconds: number; status: number; reason: string } | undefined;
    for (const atSeconds of [0, ...laterSeconds]) {
      if (!context.withinBudget()) break;
      if (atSeconds > clockSeconds) await context.labStage().advanceClock(atSeconds - clockSeconds);
      clockSeconds = atSeconds;
      const reply = await context.callProtected(token);
      context.record(reply, atSeconds === 0 ? 'at once' : `+${formatDuration(atSeconds * 1000)}`, 'replay');
      if (reply.response.status === 200) lastWorkingSeconds = atSeconds;
      else {
        refusal = { atSeconds, status: reply.response.status, reason: errorOf(reply) ?? `HTTP ${reply.response.status}` };
        break;
      }
    }

    const measurements = { lastWorkingAfterSeconds: lastWorkingSeconds, ...(ttlSeconds === null ? {} : { tokenTTLSeconds: ttlSeconds }) };
    if (refusal === undefined) {
      const later = formatDuration(lastWorkingSeconds * 1000);
      return {
        status: 'exposed',
        figure: `works +${later}`,
        explanation: `The stolen token still opened ${VICTIM}'s records ${later} later${ttlSeconds === null ? ': it never expires' : `, past its ${formatDuration(ttlSeconds * 1000)} lifetime`}.`,
        measurements,
        findings: [{ subject: 'stolen token', value: 'still works', detail: `+${later}` }],
      };
    }
    return {
      status: 'refused',
      figure: `dies at +${formatDuration(refusal.atSeconds * 1000)}`,
      explanation: `The stolen token worked ${lastWorkingSeconds > 0 ? `for ${formatDuration(lastWorkingSeconds * 1000)}` : 'at first'}, then was refused at +${formatDuration(refusal.atSeconds * 1000)}: "${refusal.reason}".`,
      measurements: { ...measurements, refusedAfterSeconds: refusal.atSeconds },
      findings: [{ subject: 'stolen token', value: 'refused', detail: refusal.reason }],
    };
  },
});

/**
 * An own API has no demo clock to move: the stolen token is replayed at once, then again for
 * real just past the end of its life, read from the JWT's `exp` or the description's
 * `known.accessTokenSeconds`, when that is short enough to wait for. Otherwise n/a, with why.
 */
async function replayForReal(context: AttackContext, token: string): Promise<Verdict> {
  const exp = decodeJWT(token)?.payload.exp;
  const fromExp = typeof exp === 'number' ? Math.max(0, Math.ceil(exp - Date.now() / 1000)) : undefined;
  const lifetimeSeconds = fromExp ?? context.ownApi?.known?.accessTokenSeconds;
  if (lifetimeSeconds === undefined) {
    const what = decodeJWT(token) === undefined ? 'an opaque token' : 'a JWT without exp';
    return notApplicable(
      `Replaying a token later needs time to pass. Your login returns ${what} and the description declares no known.accessTokenSeconds, so nothing says when it should die (see the token-expires check). Declare a lifetime of at most ${MAX_REAL_WAIT_SECONDS} s (in a test configuration, say) and this attack waits it out for real.`,
    );
  }
  const waitSeconds = lifetimeSeconds + 1;
  if (lifetimeSeconds > MAX_REAL_WAIT_SECONDS || waitSeconds * 1000 >= context.remainingMs()) {
    return notApplicable(
      `Your token lives ${formatDuration(lifetimeSeconds * 1000)}, and your API has no demo clock to move: the attack waits for real only up to ${MAX_REAL_WAIT_SECONDS} s (within its ${formatDuration(context.budget.maxDurationMs)} budget). Run your API with a shorter lifetime for a test, and declare it as known.accessTokenSeconds.`,
    );
  }
  context.plan(2);
  const first = await context.callProtected(token);
  context.record(first, 'at once', 'replay');
  if (!context.api.succeeded('protected', first)) throw new Error(`the stolen token was refused at once (HTTP ${first.response.status}): is protected.send right?`);
  context.setup(`waiting ${waitSeconds} s for real`);
  await sleep(waitSeconds * 1000, context.signal);
  const later = await context.callProtected(token);
  context.record(later, `+${formatDuration(waitSeconds * 1000)}`, 'replay');
  const measurements = { lastWorkingAfterSeconds: context.api.succeeded('protected', later) ? waitSeconds : 0, tokenTTLSeconds: lifetimeSeconds };
  if (context.api.succeeded('protected', later)) {
    return {
      status: 'exposed',
      figure: `works +${formatDuration(waitSeconds * 1000)}`,
      explanation: `The stolen token still opened the protected route ${formatDuration(waitSeconds * 1000)} later, past its ${formatDuration(lifetimeSeconds * 1000)} lifetime.`,
      measurements,
      findings: [{ subject: 'stolen token', value: 'still works', detail: `+${formatDuration(waitSeconds * 1000)}` }],
    };
  }
  const reason = errorOf(later) ?? `HTTP ${later.response.status}`;
  return {
    status: 'refused',
    figure: `dies at +${formatDuration(waitSeconds * 1000)}`,
    explanation: `The stolen token worked at first, then was refused ${formatDuration(waitSeconds * 1000)} later, just past its ${formatDuration(lifetimeSeconds * 1000)} lifetime: "${reason}".`,
    measurements: { ...measurements, refusedAfterSeconds: waitSeconds },
    findings: [{ subject: 'stolen token', value: 'refused', detail: reason }],
  };
}

function notApplicable(explanation: string): Verdict {
  return { status: 'not-applicable', figure: 'n/a', explanation };
}
