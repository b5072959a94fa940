import path from 'node:path';
import { attackOwnApi } from '@authlab/attacks/own-api';
import type { AttackId } from '@authlab/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { startPythonApp, type PythonApp } from './python-app.ts';
import { readExampleDescription, sendStep, type ApiDescription } from './walk.ts';

/**
 * The attack lab against each example, started for real, through its own api.yaml, as
 * `npm run attack -- <attack> --url … --api api.yaml` runs it: the challenge's lockout and rate
 * limit stop the guessing and its one error tells nobody apart; the mistakes app falls to the
 * same attacks. Each app also holds a real user the attacks were never told about: it must come
 * out of the run neither cracked nor locked.
 */

const EXAMPLES = path.join(import.meta.dirname, '..');
const ATTACKS: readonly AttackId[] = ['brute-force', 'password-spraying', 'message-enumeration'];
/** Caps for the run: every attack here decides well within them. */
const BUDGET = { maxAttempts: 40, maxDurationMs: 20_000 };
/** A real user with a sprayed password: on an AuthLab stage it would fall, here it must never be tried. */
const BYSTANDER = { username: 'admin', password: '123456' };

async function description(example: string): Promise<ApiDescription> {
  const read = await readExampleDescription(example);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.description;
}

async function register(app: PythonApp, described: ApiDescription, username: string, password: string): Promise<void> {
  const answer = await sendStep(app.url, described.register, { username, password });
  expect(described.register.success, JSON.stringify(answer.body)).toContain(answer.status);
}

async function attack(app: PythonApp, example: string, described: ApiDescription) {
  const cells = await attackOwnApi({
    url: app.url,
    description: described,
    descriptionDir: path.join(EXAMPLES, example),
    allowCommand: false,
    attacks: ATTACKS,
    budget: BUDGET,
  });
  for (const cell of cells) console.info(`${example} · ${cell.attack}: ${cell.result?.status ?? cell.error} (${cell.result?.figure ?? ''}) ${cell.result?.explanation ?? ''}`);
  const byId = new Map(cells.map((cell) => [cell.attack, cell]));
  for (const id of ATTACKS) expect(byId.get(id)?.error, id).toBeUndefined();
  return (id: AttackId) => byId.get(id)?.result;
}

const apps: PythonApp[] = [];
afterAll(() => Promise.all(apps.map((app) => app.stop())));

describe('the attack lab against examples/flask-challenge', () => {
  it('is stopped by the lockout and the rate limit, and learns nothing from the errors', { timeout: 60_000 }, async () => {
    // A 2-second login rate window instead of a minute: the run waits it out between attacks.
    const app = await startPythonApp('flask-challenge', { BCRYPT_COST: '10', LOGIN_RATE_WINDOW_SECONDS: '2' });
    apps.push(app);
    const described = await description('flask-challenge');
    const bystander = { username: BYSTANDER.username, password: 'a-real-users-long-passphrase' };
    await register(app, described, bystander.username, bystander.password);

    const result = await attack(app, 'flask-challenge', { ...described, known: { ...described.known, rateLimit: { limit: 10, windowSeconds: 2 } } });
    const bruteForce = result('brute-force');
    expect(['locked-out', 'rate-limited']).toContain(bruteForce?.status);
    expect(bruteForce?.measurements.failuresBeforeCutOff).toBeLessThanOrEqual(5);
    // Its weak password refused at registration: the policy is part of the story.
    expect(bruteForce?.explanation).toMatch(/would not even let .* choose "dragon"/);
    const spraying = result('password-spraying');
    // With a 2-second window, a loaded machine may spray slower than the limit: then no attempt
    // is cut off, and none succeeds either. The limit itself is proven by examples.test.ts.
    expect(['rate-limited', 'locked-out', 'refused']).toContain(spraying?.status);
    expect(spraying?.measurements.accountsCompromised).toBe(0);
    expect(result('message-enumeration')).toMatchObject({ status: 'refused', figure: '1 answer for all' });

    // The bystander was never guessed at, so it is not locked: once the rate window has passed
    // (real time: the app runs in its own process), it logs in.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    if (described.login === undefined) throw new Error('the examples have a login step');
    const login = await sendStep(app.url, described.login, bystander);
    expect(login.status, JSON.stringify(login.body)).toBe(200);
  });
});

describe('the attack lab against examples/flask-mistakes', () => {
  it('cracks the planted accounts and lists which names exist, without touching a real user', { timeout: 60_000 }, async () => {
    const app = await startPythonApp('flask-mistakes');
    apps.push(app);
    const described = await description('flask-mistakes');
    await register(app, described, BYSTANDER.username, BYSTANDER.password);

    const result = await attack(app, 'flask-mistakes', described);
    const bruteForce = result('brute-force');
    expect(bruteForce).toMatchObject({ status: 'cracked', figure: expect.stringMatching(/^#10 in/) });
    const spraying = result('password-spraying');
    expect(spraying).toMatchObject({ status: 'cracked', figure: '2/4 accounts' });
    const enumeration = result('message-enumeration');
    expect(enumeration).toMatchObject({ status: 'exposed', figure: '3/3 users found' });

    // Fresh random names only: admin is a real account here, and no finding names it.
    const subjects = [bruteForce, spraying, enumeration].flatMap((found) => found?.findings.map((finding) => finding.subject) ?? []);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) expect(subject).toMatch(/^(alice|bob|carol|dave|admin|root)-[0-9a-f]{10}$/);
  });
});
