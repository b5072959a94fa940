import { decodeBasicAuthorization, encodeBasicAuthorization, errorOf, findAuthorizationHeader, isWireCapture, type WireCapture } from '@authlab/contract';
import { defineAttack, type Finding, type Verdict } from '../attack.ts';

const VICTIM = 'alice';
/** How much later the captured header is replayed. */
const REPLAY_AFTER_SECONDS = 24 * 60 * 60;
/** Enough record rows to show the handshake and the encrypted request; the rest only repeat. */
const RECORDS_SHOWN = 6;

export const basicSniffing = defineAttack({
  id: 'basic-sniffing',
  title: 'Sniffing Basic authentication',
  description:
    'Records one real request of a stage that uses HTTP Basic as it crosses the network, looks for the Authorization header in the captured bytes, decodes it to the password and replays it a day later. Over HTTPS the same sniffer sees only TLS records.',
  lesson: '04-basic',
  defaultBudget: { maxAttempts: 3, maxDurationMs: 30_000 },
  notApplicableBecause(context) {
    if (context.ownApi !== undefined) {
      // Listening needs a place on the path: the lab's relay sits on the way to its own stages only.
      return "Sniffing needs the lab's /sniff relay, which copies the bytes of a victim's request on their way to an AuthLab stage; AuthLab does not sit between clients and your own API. What it shows holds there too: over plain HTTP anyone on the path reads a Basic header or a token, so serve your API over HTTPS only.";
    }
    return context.policy.authentication === 'basic'
      ? undefined
      : 'This stage does not send credentials with every request: nothing to sniff but a login or a token (see token replay).';
  },
  async execute(context) {
    context.setup(`planting ${VICTIM}`);
    const victim = await context.plantUser(VICTIM);
    context.plan(2);

    // The victim's client sends its request for real; the lab's relay copies every byte on the way.
    const sniffed = await context.http.sniff(encodeBasicAuthorization(victim.username, victim.password));
    if (!isWireCapture(sniffed.response.body)) throw new Error(`POST /sniff answered ${sniffed.response.status}: ${errorOf(sniffed) ?? 'not a capture'}`);
    const wire = sniffed.response.body;
    context.record({ response: { status: wire.victimStatus }, durationMs: sniffed.durationMs }, `${VICTIM}'s own request`, 'victim');

    // All the attacker has is the wire: the header is read from it or not at all.
    const captured = findAuthorizationHeader(wire.text);
    if (captured === undefined) return nothingReadable(wire);
    const decoded = decodeBasicAuthorization(captured);

    context.setup(`${REPLAY_AFTER_SECONDS / 3600} hours later (demo clock)`);
    await context.labStage().advanceClock(REPLAY_AFTER_SECONDS);
    const replay = await context.http.records(captured);
    context.record(replay, `replayed +${REPLAY_AFTER_SECONDS / 3600} h`, 'attacker');
    return replayVerdict({ wire, captured, decoded, replayStatus: replay.response.status });
  },
});

interface Replayed {
  wire: WireCapture;
  captured: string;
  decoded: ReturnType<typeof decodeBasicAuthorization>;
  replayStatus: number;
}

function replayVerdict({ wire, captured, decoded, replayStatus }: Replayed): Verdict {
  const findings: Finding[] = [
    { subject: 'captured header', value: captured, detail: `Authorization, read off ${wire.totalBytes} bytes of plain HTTP` },
    { subject: decoded?.username ?? '?', value: decoded?.password ?? '?', detail: 'decoded from base64' },
  ];
  const measurements = { capturedBytes: wire.totalBytes, replayAfterSeconds: REPLAY_AFTER_SECONDS, replayStatus };
  if (replayStatus === 200) {
    return {
      status: 'exposed',
      figure: `replay ok +${REPLAY_AFTER_SECONDS / 3600} h`,
      explanation: `The sniffer read the Authorization header in the clear; it decodes to "${decoded?.username}:${decoded?.password}" (base64 is not encryption), and replayed ${REPLAY_AFTER_SECONDS / 3600} hours later it still opened ${VICTIM}'s records.`,
      measurements,
      findings,
      wire,
    };
  }
  return {
    status: 'refused',
    figure: `replay ${replayStatus}`,
    explanation: `The sniffer read the header and decoded the password, but its replay was refused (HTTP ${replayStatus}).`,
    measurements,
    findings,
    wire,
  };
}

/** Over TLS: record headers in the clear, everything the attack wanted inside encrypted records. */
function nothingReadable(wire: WireCapture): Verdict {
  const types = [...new Set(wire.tlsRecords.map((record) => record.type))];
  const findings: Finding[] = [
    ...wire.tlsRecords.slice(0, RECORDS_SHOWN).map((record, index) => ({
      subject: `record ${index + 1}`,
      value: record.type,
      detail: `${record.version}, ${record.length} bytes`,
    })),
    { subject: 'Authorization', value: 'not readable', detail: `searched all ${wire.keptBytes} captured bytes` },
  ];
  const seen = wire.tlsRecords.length > 0 ? `${wire.tlsRecords.length} TLS records (${types.join(', ')})` : `${wire.totalBytes} bytes`;
  return {
    status: 'refused',
    figure: wire.tlsRecords.length > 0 ? `${wire.tlsRecords.length} TLS records` : 'no header',
    explanation: `Over ${wire.transport.toUpperCase()} the sniffer captured ${seen} and no readable Authorization header: nothing to decode, nothing to replay. The request still got HTTP ${wire.victimStatus}.`,
    measurements: { capturedBytes: wire.totalBytes, tlsRecords: wire.tlsRecords.length },
    findings,
    wire,
  };
}
