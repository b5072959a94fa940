import { basicAuthorization } from '@authlab/checks';
import { defineAttack } from '../attack.ts';
import { decodeBasicAuthorization } from '../basic-header.ts';

const VICTIM = 'alice';
/** How much later the captured header is replayed. */
const REPLAY_AFTER_SECONDS = 24 * 60 * 60;

export const basicSniffing = defineAttack({
  id: 'basic-sniffing',
  title: 'Sniffing Basic authentication',
  description:
    'Captures one request of a stage that uses HTTP Basic, as anyone on the network path can without HTTPS, decodes the header to the password itself, and replays the header a day later.',
  lesson: '04-basic',
  defaultBudget: { maxAttempts: 3, maxDurationMs: 30_000 },
  notApplicableBecause: (policy) =>
    policy.authentication === 'basic' ? undefined : 'This stage does not send credentials with every request: nothing to sniff but a login or a token (see token replay).',
  async execute(context) {
    context.setup(`planting ${VICTIM}`);
    const victim = await context.plantUser(VICTIM);
    context.plan(2);

    // What the victim's client sends, and what a sniffer on the path copies.
    const captured = basicAuthorization(victim.username, victim.password);
    const original = await context.http.records(captured);
    context.record(original, `${VICTIM}'s own request`, 'victim');
    const decoded = decodeBasicAuthorization(captured);

    context.setup(`${REPLAY_AFTER_SECONDS / 3600} hours later (demo clock)`);
    await context.target.advanceClock(REPLAY_AFTER_SECONDS);
    const replay = await context.http.records(captured);
    context.record(replay, `replayed +${REPLAY_AFTER_SECONDS / 3600} h`, 'attacker');

    const findings = [
      { subject: 'captured header', value: captured, detail: 'Authorization' },
      { subject: decoded?.username ?? '?', value: decoded?.password ?? '?', detail: 'decoded from base64' },
    ];
    const measurements = { replayAfterSeconds: REPLAY_AFTER_SECONDS, replayStatus: replay.status };
    if (replay.status === 200) {
      return {
        outcome: 'exposed',
        figure: `replay ok +${REPLAY_AFTER_SECONDS / 3600} h`,
        headline: `The captured header decodes to "${decoded?.username}:${decoded?.password}" (base64 is not encryption), and replayed ${REPLAY_AFTER_SECONDS / 3600} hours later it still opened ${VICTIM}'s records.`,
        measurements,
        findings,
      };
    }
    return {
      outcome: 'refused',
      figure: `replay ${replay.status}`,
      headline: `The captured header decodes to the password, but its replay was refused (HTTP ${replay.status}).`,
      measurements,
      findings,
    };
  },
});
