import { errorOf, type Exchange, randomPassword, randomUsername } from '@authlab/contract';
import { defineAttack, type Finding } from '../attack.ts';

const ATTACKER = 'mallory';
const PLANTED = ['alice', 'bob', 'carol'];
/** Names an attacker would try; three of them are real accounts. */
const CANDIDATES = ['admin', 'alice', 'bob', 'carol', 'dave', 'root'];

/** What an attacker compares: the status code and the error text. */
function answerOf(reply: Exchange): string {
  return `${reply.response.status} "${errorOf(reply) ?? ''}"`;
}

export const messageEnumeration = defineAttack({
  id: 'message-enumeration',
  title: 'User enumeration by error message',
  description:
    'Registers an account of its own to learn what "right name, wrong password" looks like, then tries candidate names with a wrong password. Distinct answers list which accounts exist, the first step of every targeted attack.',
  lesson: '06-lockout',
  defaultBudget: { maxAttempts: CANDIDATES.length + 2, maxDurationMs: 30_000 },
  async execute(context) {
    context.setup('planting accounts and one of our own');
    await context.plantUsers([...PLANTED, ATTACKER].map((username) => [username]));
    const ours = context.userName(ATTACKER);
    context.plan(CANDIDATES.length + 2);

    // Two baselines: a name we know exists (our own) and one that surely does not.
    const known = await context.guess(ours, randomPassword());
    context.record(known, `${ours} (our own account)`, 'baseline');
    const unknown = await context.guess(randomUsername('nobody'), randomPassword());
    context.record(unknown, 'a random name', 'baseline');
    const existsAnswer = answerOf(known);
    const distinct = existsAnswer !== answerOf(unknown);

    const findings: Finding[] = [];
    // On a learner's own API the candidates are the names planted here and fresh random ones:
    // a guess never counts a failure against an account the attack did not create.
    for (const username of CANDIDATES.map((name) => context.userName(name))) {
      if (!context.withinBudget()) break;
      const reply = await context.guess(username, randomPassword());
      context.record(reply, username, 'candidate');
      if (reply.response.status === 429 || reply.response.status === 423) break;
      const exists = distinct && answerOf(reply) === existsAnswer;
      findings.push({ subject: username, value: distinct ? (exists ? 'exists' : 'unknown') : 'cannot tell', detail: answerOf(reply) });
    }

    const found = findings.filter((finding) => finding.value === 'exists').length;
    const measurements = { distinctAnswers: distinct ? 2 : 1, usernamesTried: findings.length, usernamesFound: found, accountsPlanted: PLANTED.length };
    if (distinct) {
      return {
        status: 'exposed',
        figure: `${found}/${PLANTED.length} users found`,
        explanation: `A wrong password answers ${existsAnswer}, an unknown name ${answerOf(unknown)}: ${found} of ${findings.length} candidate names are real accounts.`,
        measurements,
        findings,
      };
    }
    return {
      status: 'refused',
      figure: '1 answer for all',
      explanation: `Every failure answered ${existsAnswer}: the error says nothing about which names exist.`,
      measurements,
      findings,
    };
  },
});
