import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, createTestApp, getRecords, login, register, signIn, type TestApp } from '../helpers.ts';

/** Stage 3 stores passwords well, but is insecure on purpose around them. */
const STAGE = 'bcrypt';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const flowOf = (response: request.Response): string | undefined => response.headers['x-auth-flow'];

async function breachDump(app = lab.app): Promise<{ username: string; stored: string }[]> {
  const response = await request(app).get(`/api/stages/${STAGE}/breach`).expect(200);
  return response.body.users;
}

describe('POST /register', () => {
  it('stores salted bcrypt hashes, so one password gives two different hashes', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);
    await register(lab.app, STAGE, 'bob').expect(201);

    const [alice, bob] = (await breachDump()).map((user) => user.stored);
    expect(alice).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(bob).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(alice).not.toBe(bob);
    expect(alice).not.toContain(GOOD_PASSWORD);
  });

  it('hashes at the cost the settings ask for', async () => {
    const costly = createTestApp({ settings: { bcryptCost: 5 } });
    try {
      await register(costly.app, STAGE, 'alice').expect(201);
      const [alice] = await breachDump(costly.app);
      expect(alice?.stored).toMatch(/^\$2b\$05\$/);
    } finally {
      costly.close();
    }
  });
});

describe('the 72-byte limit', () => {
  it('ignores everything past the 72nd byte, so a different password logs in', async () => {
    const first72 = 'correct-horse-battery-staple-'.repeat(3).slice(0, 72);
    expect(Buffer.byteLength(first72)).toBe(72);
    await register(lab.app, STAGE, 'alice', `${first72}X`).expect(201);

    const response = await login(lab.app, STAGE, 'alice', `${first72}Y`).expect(200);
    expect(flowOf(response)).toBe('A,B,C,D');
    // Only the tail is ignored: a difference inside the first 72 bytes is still caught.
    await login(lab.app, STAGE, 'alice', `${first72.slice(0, 71)}ZX`).expect(401);
  });

  it('counts bytes, not characters: 36 accented letters already fill the limit', async () => {
    const first72 = 'é'.repeat(36);
    expect(Buffer.byteLength(first72)).toBe(72);
    await register(lab.app, STAGE, 'alice', `${first72}secret-suffix`).expect(201);

    await login(lab.app, STAGE, 'alice', `${first72}anything-at-all`).expect(200);
  });
});

describe('POST /login', () => {
  it('tells an unknown user apart from a wrong password', async () => {
    await register(lab.app, STAGE, 'alice').expect(201);

    const unknown = await login(lab.app, STAGE, 'bob').expect(401);
    const wrong = await login(lab.app, STAGE, 'alice', 'not-the-password').expect(401);

    expect(unknown.body).toEqual({ error: 'Unknown user', code: 'unknown_user' });
    expect(wrong.body).toEqual({ error: 'Wrong password', code: 'wrong_password' });
    expect(flowOf(unknown)).toBe('A,B,C,E');
    expect(flowOf(wrong)).toBe('A,B,C,E');
  });
});

describe('GET /records', () => {
  it('still accepts a session token a year later, because it never expires', async () => {
    const authorization = await signIn(lab.app, STAGE, 'alice');
    lab.clock.advanceSeconds(ONE_YEAR_SECONDS);

    const response = await getRecords(lab.app, STAGE, authorization).expect(200);
    expect(response.body.user).toBe('alice');
    expect(flowOf(response)).toBe('A,F,G,H');
  });

  it('stops accepting the token after logout', async () => {
    const authorization = await signIn(lab.app, STAGE, 'alice');

    await request(lab.app).post(`/api/stages/${STAGE}/logout`).set('Authorization', authorization).expect(204);

    const response = await getRecords(lab.app, STAGE, authorization).expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="authlab-bcrypt"');
  });
});
