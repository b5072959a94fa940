/**
 * Challenge — your starting point. It runs, and it is insecure in four ways.
 * Work through the TODOs in order; `npm run challenge -- --watch` re-checks on every save.
 * The building blocks are imported for you: see packages/auth-core and the README beside this folder.
 */
import { createSessionToken } from '@authlab/auth-core';
import type { Express } from 'express';
import type { ExerciseOptions } from '../../exercises/contract.ts';
import { HttpError, bearerToken, createExerciseServer, readCredentials } from '../../exercises/plumbing.ts';

// TODO (step 2): tokens should expire. 15 minutes is a good lifetime.
const TOKEN_TTL_SECONDS = null;
// TODO (step 4): publish your login rate limit here, e.g. { limit: 10, windowSeconds: 60 }.
const LOGIN_RATE_LIMIT = null;

export function createApp(options: ExerciseOptions): Express {
  const users = new Map<string, string>();
  const sessions = new Map<string, string>(); // token → username

  // TODO (step 1): create a bcrypt hasher with options.bcryptCost (createBcryptHasher).
  // TODO (step 2): create a JWT service with options.jwtSecret and options.clock (createJWTKey, createJWTService).
  // TODO (step 4): create a rate limiter for /login with express-rate-limit, keeping its store so reset can clear it.

  const { app, finish } = createExerciseServer({
    policy: { accessToken: { ttlSeconds: TOKEN_TTL_SECONDS }, rateLimit: LOGIN_RATE_LIMIT },
    users,
    reset: () => {
      users.clear();
      sessions.clear();
      // TODO (step 4): also clear the rate limiter's counters.
    },
  });

  app.post('/register', async (req, res) => {
    const { username, password } = readCredentials(req);
    if (users.has(username)) throw new HttpError(409, 'Username already taken');
    // TODO (step 1): store a bcrypt hash, never the password itself.
    users.set(username, password);
    res.status(201).json({ username });
  });

  // TODO (step 4): put the rate limiter in front of this handler.
  app.post('/login', async (req, res) => {
    const { username, password } = readCredentials(req);
    const stored = users.get(username);
    // TODO (step 1): compare with the hasher instead of ===.
    if (stored === undefined || stored !== password) {
      throw new HttpError(401, 'Invalid credentials', { 'WWW-Authenticate': 'Bearer' });
    }
    // TODO (step 2): issue a signed JWT that expires, instead of a session that never does.
    const token = createSessionToken();
    sessions.set(token, username);
    res.json({ token });
  });

  app.get('/records', async (req, res) => {
    // TODO (step 3): verify the JWT (signature and expiry) instead of looking the token up.
    const username = sessions.get(bearerToken(req) ?? '');
    if (username === undefined) throw new HttpError(401, 'Missing or invalid token', { 'WWW-Authenticate': 'Bearer' });
    res.json({ user: username, records: [{ id: 'rec-1', patient: 'Avery Quill', condition: 'Asthma' }] });
  });

  return finish();
}
