/**
 * Challenge — reference solution: bcrypt storage, short-lived JWTs, a rate-limited login.
 */
import { createBcryptHasher, createDummyHash, createJWTKey, createJWTService } from '@authlab/auth-core';
import type { Express } from 'express';
import { MemoryStore, rateLimit } from 'express-rate-limit';
import type { ExerciseOptions } from '../../exercises/contract.ts';
import { HttpError, bearerToken, createExerciseServer, readCredentials } from '../../exercises/plumbing.ts';

const TOKEN_TTL_SECONDS = 15 * 60;
const LOGIN_RATE_LIMIT = { limit: 10, windowSeconds: 60 };

export function createApp(options: ExerciseOptions): Express {
  const users = new Map<string, string>();
  // Step 1: a salted, deliberately slow hash.
  const hasher = createBcryptHasher({ cost: options.bcryptCost });
  // Unknown names are checked against a dummy hash of the same cost, so they fail just as slowly.
  const dummy = createDummyHash(hasher);
  // Step 2: signed tokens that expire on their own.
  const jwt = createJWTService({
    key: createJWTKey(options.jwtSecret),
    issuer: 'challenge',
    audience: 'challenge',
    ttlSeconds: TOKEN_TTL_SECONDS,
    clock: options.clock,
  });
  // Step 4: a limited number of login attempts per client IP.
  const loginLimitStore = new MemoryStore();
  const loginRateLimit = rateLimit({
    windowMs: LOGIN_RATE_LIMIT.windowSeconds * 1000,
    limit: LOGIN_RATE_LIMIT.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: loginLimitStore,
    message: { error: 'Too many login attempts, try again later' },
  });

  const { app, finish } = createExerciseServer({
    policy: { accessToken: { ttlSeconds: TOKEN_TTL_SECONDS }, rateLimit: LOGIN_RATE_LIMIT },
    users,
    reset: () => {
      users.clear();
      void loginLimitStore.resetAll();
    },
  });

  app.post('/register', async (req, res) => {
    const { username, password } = readCredentials(req);
    if (users.has(username)) throw new HttpError(409, 'Username already taken');
    const stored = await hasher.hash(password);
    // Checked again: another request may have taken the name while we were hashing.
    if (users.has(username)) throw new HttpError(409, 'Username already taken');
    users.set(username, stored);
    res.status(201).json({ username });
  });

  app.post('/login', loginRateLimit, async (req, res) => {
    const { username, password } = readCredentials(req);
    const stored = users.get(username);
    const matches = stored === undefined ? await dummy.verifyAgainstDummy(password) : await hasher.verify(password, stored);
    if (!matches) {
      throw new HttpError(401, 'Invalid credentials', { 'WWW-Authenticate': 'Bearer' });
    }
    res.json({ token: await jwt.issue({ subject: username }), expiresIn: TOKEN_TTL_SECONDS });
  });

  // Step 3: every request proves itself with a valid, unexpired signature.
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
