import { errorOf } from '@authlab/contract';
import { defineAttack } from '../attack.ts';
import { formatDuration } from '../stats.ts';

const VICTIM = 'alice';
const DAY_SECONDS = 24 * 60 * 60;
/** The last replay: a month later, long after anyone would notice the theft. */
const MONTH_SECONDS = 30 * DAY_SECONDS;

export const tokenReplay = defineAttack({
  id: 'token-replay',
  title: 'Stolen token replay',
  description:
    "Steals a victim's access token (from a log, a proxy, a shared laptop) and replays it later, fast-forwarding the stage's demo clock. A session that never expires works forever; a JWT dies at its `exp`.",
  lesson: '05-jwt',
  defaultBudget: { maxAttempts: 4, maxDurationMs: 30_000 },
  notApplicableBecause: (policy) => (policy.accessToken ? undefined : 'This stage issues no tokens; the password itself travels with every request (see Basic sniffing).'),
  async execute(context) {
    context.setup(`planting ${VICTIM} and stealing a token`);
    const token = await context.stealToken(await context.plantUser(VICTIM));
    const ttlSeconds = context.policy.accessToken?.ttlSeconds ?? null;
    // Replay at once, then later: half-way through its life and just past it (or a day later), then a month later.
    const laterSeconds = ttlSeconds === null ? [DAY_SECONDS, MONTH_SECONDS] : [Math.floor(ttlSeconds / 2), ttlSeconds + 1, MONTH_SECONDS];
    context.plan(1 + laterSeconds.length);

    let clockSeconds = 0;
    let lastWorkingSeconds = 0;
    let refusal: { atSeconds: number; status: number; reason: string } | undefined;
    for (const atSeconds of [0, ...laterSeconds]) {
      if (!context.withinBudget()) break;
      if (atSeconds > clockSeconds) await context.target.advanceClock(atSeconds - clockSeconds);
      clockSeconds = atSeconds;
      const reply = await context.http.records(`Bearer ${token}`);
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
