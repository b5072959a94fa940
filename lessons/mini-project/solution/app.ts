/**
 * Mini project — reference solution: registration with bcrypt, JWT login, a protected route,
 * and a lockout after 5 failed attempts that gives nothing away about who exists.
 */
import { createBcryptHasher, createDummyHash, createJWTKey, createJWTService, createLockoutPolicy, createMemoryLockoutStore, type LockoutPolicy } from '@authlab/auth-core';
import type { Express } from 'express';
import type { ExerciseOptions } from '../../exercises/contract.ts';
import { HttpError, bearerToken, createExerciseServer, readCredentials } from '../../exercises/plumbing.ts';

const TOKEN_TTL_SECONDS = 15 * 60;
const LOCKOUT = { maxFailures: 5, windowSeconds: 24 * 60 * 60, lockSeconds: 5 * 60, maxLockSeconds: 4 * 60 * 60 };

export function createApp(options: ExerciseOptions): Express {
  const users = new Map<string, string>();
  const hasher = createBcryptHasher({ cost: options.bcryptCost });
  const dummy = createDummyHash(hasher);
  const jwt = createJWTService({
    key: createJWTKey(options.jwtSecret),
    issuer: 'mini-project',
    audience: 'mini-project',
    ttlSeconds: TOKEN_TTL_SECONDS,
    clock: options.clock,
  });
  const createLockout = (): LockoutPolicy => createLockoutPolicy({ ...LOCKOUT, store: createMemoryLockoutStore(), clock: options.clock });
  let lockout = createLockout();

  const { app, finish } = createExerciseServer({
    policy: { accessToken: { ttlSeconds: TOKEN_TTL_SECONDS }, lockout: LOCKOUT },
    users,
    reset: () => {
      users.clear();
      lockout = createLockout();
    },
  });

  app.post('/register', async (req, res) => {
    const { username, password } = readCredentials(req);
    if (users.has(username)) throw new HttpError(409, 'Username already taken');
    const stored = await hasher.hash(password);
    if (users.has(username)) throw new HttpError(409, 'Username already taken');
    users.set(username, stored);
    res.status(201).json({ username });
  });

  app.post('/login', async (req, res) => {
    const { username, password } = readCredentials(req);
    // Locked names are refused before the password is even looked at, known or not. Every other
    // attempt is counted in the same step, so a burst of guesses cannot all slip past the check.
    const attempt = await lockout.beginAttempt(username);
    if (attempt.locked) {
      throw new HttpError(423, 'Too many failed attempts, try again later', { 'Retry-After': String(attempt.retryAfterSeconds) });
    }
    const stored = users.get(username);
    const matches = stored === undefined ? await dummy.verifyAgainstDummy(password) : await hasher.verify(password, stored);
    if (!matches) {
      await attempt.failed();
      throw new HttpError(401, 'Invalid credentials', { 'WWW-Authenticate': 'Bearer' });
    }
    await attempt.succeeded();
    res.json({ token: await jwt.issue({ subject: username }), expiresIn: TOKEN_TTL_SECONDS });
  });

  app.get('/records', async (req, res) => {
    const token = bearerToken(req);
    const verified = token === undefined ? undefined : await jwt.verify(token);
    if (!verified?.ok) {
      const message = verified?.reason === 'expired' ? 'Token expired' : 'Missing or invalid token';
      throw new HttpError(401, message, { 'WWW-Authenticate': 'Bearer' });
    }
    res.json({ user: verified.token.subject, records: [{ id: 'rec-1', patient: 'Avery Quill', condition: 'Asthma' }] });
  });

  return finish();
}
