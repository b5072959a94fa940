import { getAttack } from '@authlab/attacks';
import { mismatches, runChecks } from '@authlab/checks';
import { classroomCookieName, createStageTarget, stageListSchema, WORKSPACE_COOKIE, WORKSPACE_HEADER } from '@authlab/contract';
import type { Traffic } from './traffic.ts';

/**
 * One simulated learner doing the classroom exercise the way the playground and the CLIs would:
 * through the workspace header, with the real practice checks and the real attack lab.
 */

export const LEARNER_PASSWORD = 'violet-kettle-harbor-42';
/** Register and log in on one stage of each kind of storage: plain text, bcrypt, bcrypt behind JWTs. */
const CLASS_STAGES = ['plaintext', 'bcrypt', 'jwt'] as const;

export interface Learner {
  /** Every user name this learner registers starts with it, so a breach dump shows whose rows it holds. */
  prefix: string;
  token: string;
}

/** Joins the class and returns the workspace token its cookie carries. */
export async function join(url: string, joinCode: string, prefix: string, traffic: Traffic): Promise<Learner> {
  const response = await traffic.fetch(`${url}/api/classroom/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: `Learner ${prefix}`, joinCode }),
  });
  // Behind a TLS proxy the server names its cookie `__Host-…`; over plain HTTP it cannot.
  const names = [false, true].map((secure) => `${classroomCookieName(WORKSPACE_COOKIE, secure)}=`);
  const cookie = response.headers.getSetCookie().find((line) => names.some((name) => line.startsWith(name)));
  const token = cookie?.slice(cookie.indexOf('=') + 1).split(';')[0];
  if (response.status !== 201 || token === undefined) throw new Error(`${prefix} could not join: ${response.status} ${await response.text()}`);
  return { prefix, token };
}

/** A JSON request inside the learner's workspace; throws unless the status is an expected one. */
export async function send(traffic: Traffic, url: string, learner: Learner, route: string, expected: number | readonly number[], body?: unknown): Promise<unknown> {
  const response = await traffic.fetch(`${url}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { [WORKSPACE_HEADER]: learner.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!(typeof expected === 'number' ? [expected] : expected).includes(response.status))
    throw new Error(`${learner.prefix}: ${body === undefined ? 'GET' : 'POST'} ${route} answered ${response.status}, not ${String(expected)}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export interface LearnerOutcome {
  /** Check verdicts that differed from stage 1's profile, as `id: verdict (expected …)`. */
  surprises: string[];
  /** The brute force's result on stage 1, `cracked` when it went as the lesson says. */
  bruteForce: string;
}

/**
 * The exercise: the class status, the stage list, stage 1's practice checks and their report to
 * the dashboard, a bounded brute force on stage 1, then an account on each class stage, logged
 * into. The checks come first because they reset the stage they check: the learner's own
 * account, registered after them, is still there for the isolation check at the end.
 */
export async function runLearner(traffic: Traffic, url: string, learner: Learner, bruteForceAttempts: number): Promise<LearnerOutcome> {
  await send(traffic, url, learner, '/api/classroom', 200);
  const { stages } = stageListSchema.parse(await send(traffic, url, learner, '/api/stages', 200));
  const plaintext = stages.find((stage) => stage.id === 'plaintext');
  if (plaintext === undefined) throw new Error('no plaintext stage');

  const target = createStageTarget(url, 'plaintext', { workspaceToken: learner.token, fetch: traffic.fetch });
  const reports = await runChecks(target, { expected: plaintext.expectedChecks });
  const verdicts = Object.fromEntries(reports.map((report) => [report.id, report.status]));
  await send(traffic, url, learner, '/api/classroom/progress', 204, { kind: 'checks', stage: 'plaintext', verdicts });

  const attack = await getAttack('brute-force').run(target, { budget: { maxAttempts: bruteForceAttempts } });

  for (const stage of CLASS_STAGES) {
    await send(traffic, url, learner, `/api/stages/${stage}`, 200);
    const credentials = { username: ownName(learner), password: LEARNER_PASSWORD };
    await send(traffic, url, learner, `/api/stages/${stage}/register`, 201, credentials);
    await send(traffic, url, learner, `/api/stages/${stage}/login`, 200, credentials);
  }
  const surprises = mismatches(reports).map((report) => `${report.id}: ${report.status} (expected ${report.expected})`);
  return { surprises, bruteForce: attack.status };
}

function ownName(learner: Learner): string {
  return `${learner.prefix}-ada`;
}

/**
 * Reads every learner's breach dump on each class stage and counts what should not be there:
 * an account another learner registered (any name with another learner's prefix), or the
 * learner's own account missing. Each dump is one read, so the count is of reads gone wrong.
 */
export async function crossWorkspaceReads(traffic: Traffic, url: string, learners: readonly Learner[]): Promise<{ dumps: number; violations: string[] }> {
  const prefixes = new Set(learners.map((learner) => learner.prefix));
  const violations: string[] = [];
  let dumps = 0;
  await Promise.all(
    learners.map(async (learner) => {
      for (const stage of CLASS_STAGES) {
        const breach = (await send(traffic, url, learner, `/api/stages/${stage}/breach`, 200)) as { users: { username: string }[] };
        dumps += 1;
        const names = breach.users.map((user) => user.username);
        const foreign = names.filter((name) => prefixes.has(name.split('-')[0] ?? '') && !name.startsWith(`${learner.prefix}-`));
        if (foreign.length > 0) violations.push(`${learner.prefix} on ${stage} reads ${foreign.join(', ')}`);
        if (!names.includes(ownName(learner))) violations.push(`${learner.prefix} on ${stage} misses its own ${ownName(learner)}`);
      }
    }),
  );
  return { dumps, violations };
}
