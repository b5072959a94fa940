import { TEST_BCRYPT_COST } from '@authlab/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from './course.ts';
import { startLiveLab, type LiveLab } from './live-lab.ts';
import { readLessonFile } from './parse.ts';
import { readBlock, shellBlocks, type Expectation, type ReplayRequest } from './replay.ts';

/**
 * The curl examples of every stage lesson, sent to the stage in order with the lesson's own
 * bodies: each status, error code, message, Retry-After, RateLimit, WWW-Authenticate and
 * X-Auth-Flow that a `# …` comment names must be what the stage answers. Blocks that need a
 * shell (tokens kept in variables, pipes, `sleep`, a burst in the background) are left to the
 * server tests that prove the same answers; see the list in claims.test.ts. Lesson 5's examples
 * all carry a token in a variable, so test/stages/05-jwt.test.ts proves them.
 */
let lab: LiveLab;

beforeAll(async () => {
  lab = await startLiveLab({ bcryptCost: TEST_BCRYPT_COST });
});
afterAll(async () => {
  await lab.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: unknown; code?: unknown; token?: unknown } | null;
}

async function send(stage: string, request: ReplayRequest): Promise<Answer> {
  const response = await fetch(`${lab.serverUrl}/api/stages/${stage}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as Answer['body']) };
}

/** The parts of the answers that the comment talks about, so a mismatch shows side by side. */
function observed(expectation: Expectation, answers: Answer[]): Partial<Expectation> {
  const last = answers.at(-1);
  return {
    comment: expectation.comment,
    ...(expectation.statuses ? { statuses: answers.map((answer) => answer.status) } : {}),
    ...(expectation.message ? { message: String(last?.body?.error) } : {}),
    ...(expectation.code ? { code: String(last?.body?.code) } : {}),
    ...(expectation.hasToken ? { hasToken: typeof last?.body?.token === 'string' } : {}),
    headers: Object.fromEntries(
      Object.entries(expectation.headers).map(([name, prefix]) => {
        const value = last?.headers.get(name);
        // `''` asks only that the header be there; a value must be how the header starts.
        return [name, value == null ? '(missing)' : prefix === '' ? '' : value.slice(0, prefix.length)];
      }),
    ),
  };
}

describe.each(STAGES)('the curl examples of the $id lesson', ({ id, folder }) => {
  const blocks = shellBlocks(readLessonFile(folder, 'lesson.md')).map((source) => readBlock(source, id));
  const checked = blocks.flatMap((block) => (block.skipped === undefined ? block.steps.filter((step) => step.expect !== undefined) : []));

  it(`get the answers their comments name (${checked.length} of them)`, async () => {
    await send(id, { method: 'POST', path: '/reset', headers: {} });
    for (const block of blocks) {
      if (block.skipped !== undefined) continue;
      for (const step of block.steps) {
        const requests = step.kind === 'loop' ? step.requests : [step.request];
        const answers: Answer[] = [];
        for (const request of requests) answers.push(await send(id, request));
        if (step.expect !== undefined) expect(observed(step.expect, answers), block.title).toEqual(step.expect);
      }
    }
  });

  it.runIf(id !== 'jwt')('replay at least one example, so the replayer still reads this lesson', () => {
    expect(checked.length).toBeGreaterThan(0);
  });
});
