import { decodeJWT, errorOf, tamperJWTPayload, unsignedJWT } from '@authlab/contract';
import { defineAttack, type Finding } from '../attack.ts';
import { crackHS256Secret, signHS256 } from '../jwt-forgery.ts';
import { formatDuration } from '../stats.ts';
import { WORDLIST } from '../wordlist.ts';

const ATTACKER = 'mallory';
const VICTIM = 'alice';

export const forgedJWT = defineAttack({
  id: 'forged-jwt',
  title: 'Forged JWTs',
  description: `Logs in as ${ATTACKER}, then tries to read ${VICTIM}'s records with home-made tokens: one with \`alg: none\`, one with the payload edited, and one signed after guessing the secret from the ${WORDLIST.length}-word list.`,
  lesson: '05-jwt',
  defaultBudget: { maxAttempts: 3, maxDurationMs: 30_000 },
  notApplicableBecause: (policy) => (policy.accessToken?.kind === 'jwt' ? undefined : 'This stage issues no JWTs: its opaque tokens carry nothing to forge.'),
  async execute(context) {
    context.setup(`planting ${ATTACKER} and ${VICTIM}`);
    // Both at once: the stage hashes each on its own thread.
    const [, attacker] = await Promise.all([context.plantUser(VICTIM), context.plantUser(ATTACKER)]);
    const token = await context.stealToken(attacker);
    const claims = decodeJWT(token)?.payload ?? {};
    const asVictim = { ...claims, sub: VICTIM };
    context.plan(3);

    context.setup(`guessing the signing secret offline`);
    const search = await crackHS256Secret(token, WORDLIST, { signal: context.signal, maxDurationMs: context.remainingMs() });
    const forgeries: { name: string; token: string | undefined; detail: string }[] = [
      { name: 'alg: none', token: unsignedJWT(asVictim), detail: 'no signature at all' },
      { name: 'tampered payload', token: tamperJWTPayload(token, { sub: VICTIM }), detail: `sub changed to ${VICTIM}, signature kept` },
      {
        name: 'guessed secret',
        token: search.secret === undefined ? undefined : await signHS256(asVictim, search.secret),
        detail:
          search.secret === undefined
            ? `not among ${search.tried} words (${formatDuration(search.elapsedMs)})`
            : `secret "${search.secret}" found after ${search.tried} words (${formatDuration(search.elapsedMs)})`,
      },
    ];

    const findings: Finding[] = [];
    for (const forgery of forgeries) {
      if (forgery.token === undefined) {
        findings.push({ subject: forgery.name, value: 'secret not found', detail: forgery.detail });
        continue;
      }
      if (!context.withinBudget()) break;
      const reply = await context.http.records(`Bearer ${forgery.token}`);
      context.record(reply, forgery.name, 'forgery');
      const user = (reply.response.body as { user?: unknown } | null)?.user;
      const accepted = reply.response.status === 200 && user === VICTIM;
      findings.push({
        subject: forgery.name,
        value: accepted ? `accepted as ${VICTIM}` : `refused (${reply.response.status})`,
        detail: accepted ? forgery.detail : `${forgery.detail} → "${errorOf(reply) ?? `HTTP ${reply.response.status}`}"`,
      });
    }

    const accepted = findings.filter((finding) => finding.value.startsWith('accepted'));
    const measurements = { forgeriesTried: findings.length, forgeriesAccepted: accepted.length, secretGuessesTried: search.tried };
    if (accepted.length > 0) {
      return {
        status: 'cracked',
        figure: search.secret === undefined ? `${accepted.length}/${findings.length} accepted` : `secret "${search.secret}"`,
        explanation: `${accepted.map((finding) => finding.subject).join(', ')}: read ${VICTIM}'s records with a token ${ATTACKER} made.${search.secret === undefined ? '' : ` The signing secret "${search.secret}" was word ${search.tried} of the list.`}`,
        measurements,
        findings,
      };
    }
    return {
      status: 'refused',
      figure: `0/${findings.length} accepted`,
      explanation: `Every forgery failed: ${findings.map((finding) => `${finding.subject}: ${finding.value}, ${finding.detail}`).join('; ')}.`,
      measurements,
      findings,
    };
  },
});
