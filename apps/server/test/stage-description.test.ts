import { stageDescriptionSchema, stageListSchema } from '@authlab/contract';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGE_IDS } from '@authlab/contract';
import { createTestApp } from './helpers.ts';

/**
 * Every client reads a stage through the contract's schema; the server's answer must meet it
 * exactly (strict objects: a field the schema does not know fails too), as the stage starts
 * and with every mistake an instructor can switch on.
 */
const lab = createTestApp();
afterAll(() => lab.close());

const describeStage = async (stage: string): Promise<unknown> => (await request(lab.app).get(`/api/stages/${stage}`).expect(200)).body;

describe('GET /api/stages', () => {
  it('lists every stage in the shape of the contract', async () => {
    const { body } = await request(lab.app).get('/api/stages').expect(200);
    expect(stageListSchema.parse(body).stages.map((stage) => stage.id)).toEqual([...STAGE_IDS]);
  });
});

describe.each(STAGE_IDS)('GET /api/stages/%s', (stage) => {
  it('meets the contract as the stage starts', async () => {
    expect(stageDescriptionSchema.safeParse(await describeStage(stage)).error).toBeUndefined();
  });

  it('meets the contract with every mistake the instructor can switch on', async () => {
    const { lab: state } = stageDescriptionSchema.parse(await describeStage(stage));
    for (const { id } of state.availableMistakes) await request(lab.app).post(`/api/stages/${stage}/mistakes`).send({ mistake: id, enabled: true }).expect(200);
    const described = stageDescriptionSchema.parse(await describeStage(stage));
    expect(described.lab.mistakes).toEqual(state.availableMistakes.map(({ id }) => id));
    await request(lab.app).post(`/api/stages/${stage}/reset`).expect(204);
  });
});

describe('the schema', () => {
  it('refuses a description with a field it does not know, or a check left out of the profile', async () => {
    const described = (await describeStage('jwt')) as Record<string, unknown> & { expectedChecks: Record<string, unknown> };
    expect(stageDescriptionSchema.safeParse({ ...described, extra: true }).success).toBe(false);
    const { 'token-expires': _left, ...withoutOne } = described.expectedChecks;
    expect(stageDescriptionSchema.safeParse({ ...described, expectedChecks: withoutOne }).success).toBe(false);
  });
});
