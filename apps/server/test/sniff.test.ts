import type { WireCapture } from '@authlab/contract';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, basicHeader, createTestApp, register, type TestApp } from './helpers.ts';

/**
 * `POST /api/stages/:stage/sniff` over plain HTTP (supertest listens on a real loopback port):
 * the victim's request really crosses the relay, and the relay reads the header in the clear.
 * The same route over TLS is in https.test.ts.
 */
const SNIFF = '/api/stages/basic/sniff';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

describe('POST /sniff over plain HTTP', () => {
  it('shows the victim’s request as it crossed the wire, Authorization header and all', async () => {
    await register(lab.app, 'basic', 'alice').expect(201);
    const header = basicHeader('alice', GOOD_PASSWORD);
    const { body } = (await request(lab.app).post(SNIFF).send({ authorization: header }).expect(200)) as { body: WireCapture };
    expect(body).toMatchObject({ transport: 'http', victimStatus: 200, truncated: false, tlsRecords: [] });
    expect(body.text).toMatch(/^GET \/api\/stages\/basic\/records HTTP\/1\.1\r\n/);
    expect(body.text).toContain(`\r\nAuthorization: ${header}\r\n`);
    expect(body.keptBytes).toBe(body.totalBytes);
    expect(body.hexPreview.startsWith('47 45 54 20')).toBe(true);
  });

  it('sends the victim’s request for real: a wrong password gets the stage’s own 401', async () => {
    await register(lab.app, 'basic', 'alice').expect(201);
    const { body } = await request(lab.app)
      .post(SNIFF)
      .send({ authorization: basicHeader('alice', 'not-her-password') })
      .expect(200);
    expect(body.victimStatus).toBe(401);
  });

  it.each([
    [{}, 'authorization is required'],
    [{ authorization: 42 }, 'authorization must be a string'],
    [{ authorization: '' }, 'authorization must not be empty'],
    [{ authorization: 'Basic abc\r\nX-Injected: 1' }, 'printable ASCII'],
    [{ authorization: 'Basic é' }, 'printable ASCII'],
    [{ authorization: ' Basic abc' }, 'printable ASCII'],
    [{ authorization: `Basic ${'a'.repeat(5000)}` }, 'at most 4096'],
    [{ authorization: 'Basic abc', path: '/api/health' }, 'Unexpected field: path'],
  ])('refuses %j with 400 and says why', async (input, message) => {
    const { body } = await request(lab.app).post(SNIFF).send(input).expect(400);
    expect(body).toMatchObject({ code: 'invalid_input', error: expect.stringContaining(message) });
  });

  it('refuses a body that is not JSON with 415', async () => {
    await request(lab.app).post(SNIFF).set('Content-Type', 'text/plain').send('authorization=Basic abc').expect(415);
  });

  it('answers only this machine, even when the lab listens on loopback only', async () => {
    const fromElsewhere = (req: IncomingMessage, res: ServerResponse): void => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7' });
      lab.app(req, res);
    };
    const { body } = await request(fromElsewhere).post(SNIFF).send({ authorization: 'Basic abc' }).expect(403);
    expect(body.code).toBe('local_only');
  });
});
