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
  notApplicableBecause(context) {
    // On an own API the login answer says whether its token is a JWT; the attack reads it there.
    if (context.ownApi !== undefined) return context.hasLogin ? undefined : 'Your API has no login step (Basic on every request): there is no token to forge.';
    return context.policy.accessToken?.kind === 'jwt' ? undefined : 'This stage issues no JWTs: its opaque tokens carry nothing to forge.';
  },
  async execute(context) {
    context.setup(`planting ${context.userName(ATTACKER)} and ${context.userName(VICTIM)}`);
    // Both at once: the target hashes each on its own thread.
    const [victim, attacker] = await Promise.all([context.plantUser(VICTIM), context.plantUser(ATTACKER)]);
    const token = await context.stealToken(attacker);
    const decoded = decodeJWT(token);
    const claims = decoded?.payload ?? {};
    // A stage names its user in `sub`; an own API in whichever claims hold the attacker's name.
    const identity = context.ownApi === undefined ? ['sub'] : Object.keys(claims).filter((claim) => claims[claim] === attacker.username);
    if (context.ownApi !== undefined) {
      const reason =
        decoded === undefined ? 'Your login returns an opaque token, not a JWT: it carries nothing to forge.' : identity.length === 0 ? unnamedUser(claims) : undefined;
      if (reason !== undefined) return { status: 'not-applicable', figure: 'n/a', explanation: reason };
    }
    const renamed = Object.fromEntries(identity.map((claim) => [claim, victim.username]));
    const asVictim = { ...claims, ...renamed };
    context.plan(3);

    context.setup(`guessing the signing secret offline`);
    const search = await crackHS256Secret(token, WORDLIST, { signal: context.signal, maxDurationMs: context.remainingMs() });
    const forgeries: { name: string; token: string | undefined; detail: string }[] = [
      { name: 'alg: none', token: unsignedJWT(asVictim), detail: 'no signature at all' },
      { name: 'tampered payload', token: tamperJWTPayload(token, renamed), detail: `${identity.join(', ')} changed to ${victim.username}, signature kept` },
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
      const reply = await context.callProtected(forgery.token);
      context.record(reply, forgery.name, 'forgery');
      const accepted = context.api.succeeded('protected', reply) && names(reply.response.body, victim.username);
      findings.push({
        subject: forgery.name,
        value: accepted ? `accepted as ${victim.username}` : `refused (${reply.response.status})`,
        detail: accepted ? forgery.detail : `${forgery.detail} → "${errorOf(reply) ?? `HTTP ${reply.response.status}`}"`,
      });
    }

    const accepted = findings.filter((finding) => finding.value.startsWith('accepted'));
    const measurements = { forgeriesTried: findings.length, forgeriesAccepted: accepted.length, secretGuessesTried: search.tried };
    if (accepted.length > 0) {
      return {
        status: 'cracked',
        figure: search.secret === undefined ? `${accepted.length}/${findings.length} accepted` : `secret "${search.secret}"`,
        explanation: `${accepted.map((finding) => finding.subject).join(', ')}: read ${victim.username}'s ${context.stage ? 'records' : 'protected route'} with a token ${attacker.username} made.${search.secret === undefined ? '' : ` The signing secret "${search.secret}" was word ${search.tried} of the list.`}`,
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

/** Whether an answer's body names the user anywhere (a stage's `user`, an own API's `username`, …). */
function names(body: unknown, username: string): boolean {
  if (body === username) return true;
  if (Array.isArray(body)) return body.some((value) => names(value, username));
  return typeof body === 'object' && body !== null && Object.values(body).some((value) => names(value, username));
}

function unnamedUser(claims: Record<string, unknown>): string {
  return `Your token is a JWT, but none of its claims (${Object.keys(claims).join(', ') || 'none'}) holds the username that logged in, so AuthLab cannot tell which one to change to forge another user's token.`;
}
