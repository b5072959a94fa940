import type { IncomingMessage, ServerResponse } from 'node:http';
import jsonwebtoken from 'jsonwebtoken';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, getRecords, signIn, type TestApp } from './helpers.ts';

/** The instructor toggle: one named mistake back on a stage, at runtime, until /reset. */
let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const toggle = (stage: string, mistake: string, enabled: boolean): request.Test => request(lab.app).post(`/api/stages/${stage}/mistakes`).send({ mistake, enabled });
interface StageBody {
  policy: { mistakes: string[] };
  expectedAttacks: Record<string, string>;
  lab: { mistakes: string[]; availableMistakes: { id: string; title: string; description: string }[] };
}
const describeStage = async (stage: string): Promise<StageBody> => (await request(lab.app).get(`/api/stages/${stage}`)).body;

describe('POST /api/stages/:stage/mistakes', () => {
  it('switches a mistake on, shows it in lab, policy and the expected attack outcomes, and /reset clears it', async () => {
    expect((await toggle('jwt', 'weak-jwt-secret', true).expect(200)).body).toEqual({ mistakes: ['weak-jwt-secret'] });
    const stage = await describeStage('jwt');
    expect(stage.lab.mistakes).toEqual(['weak-jwt-secret']);
    expect(stage.policy.mistakes).toEqual(['weak-jwt-secret']);
    expect(stage.expectedAttacks['forged-jwt']).toBe('cracked');
    expect((await describeStage('lockout')).lab.mistakes).toEqual([]);

    await request(lab.app).post('/api/stages/jwt/reset').expect(204);
    const reset = await describeStage('jwt');
    expect(reset.lab.mistakes).toEqual([]);
    expect(reset.policy.mistakes).toEqual([]);
    expect(reset.expectedAttacks['forged-jwt']).toBe('refused');
  });

  it('lists the mistakes each stage offers, so the playground can draw its toggles', async () => {
    expect((await describeStage('plaintext')).lab.availableMistakes).toEqual([]);
    expect((await describeStage('lockout')).lab.availableMistakes.map((mistake) => mistake.id)).toEqual([
      'weak-jwt-secret',
      'skip-exp-check',
      'check-then-count',
      'memory-rate-limit',
    ]);
    expect((await describeStage('jwt')).lab.availableMistakes.map((mistake) => mistake.id)).toEqual(['weak-jwt-secret', 'skip-exp-check']);
  });

  it('switches a mistake off again without a reset', async () => {
    await toggle('lockout', 'skip-exp-check', true).expect(200);
    expect((await toggle('lockout', 'skip-exp-check', false).expect(200)).body).toEqual({ mistakes: [] });
  });

  it('refuses a mistake the stage cannot make, and unknown names', async () => {
    expect((await toggle('plaintext', 'skip-exp-check', true).expect(400)).body.code).toBe('mistake_not_applicable');
    await toggle('jwt', 'plaintext-passwords', true).expect(400);
    await request(lab.app).post('/api/stages/jwt/mistakes').send({ mistake: 'skip-exp-check' }).expect(400);
  });

  it('is refused from any other machine, like the demo clock', async () => {
    const fromClassroom = (req: IncomingMessage, res: ServerResponse): void => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
      lab.app(req, res);
    };
    await request(fromClassroom).post('/api/stages/jwt/mistakes').send({ mistake: 'skip-exp-check', enabled: true }).expect(403);
    expect((await describeStage('jwt')).lab.mistakes).toEqual([]);
  });
});

describe('weak-jwt-secret', () => {
  it('lets anyone who guesses the secret mint a token for another user, until it is switched off', async () => {
    await signIn(lab.app, 'jwt', 'alice');
    await toggle('jwt', 'weak-jwt-secret', true).expect(200);
    const iat = Math.floor(lab.clock.now() / 1000);
    const forged = jsonwebtoken.sign({ sub: 'alice', iss: 'authlab', aud: 'jwt', iat, exp: iat + 900 }, 'secret', { algorithm: 'HS256' });
    expect((await getRecords(lab.app, 'jwt', `Bearer ${forged}`).expect(200)).body.user).toBe('alice');

    await toggle('jwt', 'weak-jwt-secret', false).expect(200);
    await getRecords(lab.app, 'jwt', `Bearer ${forged}`).expect(401);
  });
});

describe('skip-exp-check', () => {
  it('accepts a token past its exp while on, and says "Token expired" again once off', async () => {
    const authorization = await signIn(lab.app, 'lockout', 'alice');
    lab.clock.advanceSeconds(901);
    await toggle('lockout', 'skip-exp-check', true).expect(200);
    await getRecords(lab.app, 'lockout', authorization).expect(200);
    await toggle('lockout', 'skip-exp-check', false).expect(200);
    expect((await getRecords(lab.app, 'lockout', authorization).expect(401)).body.error).toBe('Token expired');
  });
});
