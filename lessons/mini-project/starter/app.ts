/**
 * Mini project — your starting point: a login API that works, and would not survive a week.
 * Work through the TODOs in order; `npm run mini-project -- --watch` re-checks on every save.
 * The building blocks are in packages/auth-core; the README beside this folder walks through each step.
 */
import { createSessionToken } from '@authlab/auth-core';
import type { Express } from 'express';
import type { ExerciseOptions } from '../../exercises/contract.ts';
import { HttpError, bearerToken, createExerciseServer, readCredentials } from '../../exercises/plumbing.ts';

// TODO (step 2): tokens should expire; 15 minutes is a good lifetime.
const TOKEN_TTL_SECONDS = null;
// TODO (step 4): publish your lockout rule, e.g. { maxFailures: 5, windowSeconds: 86400, lockSeconds: 300, maxLockSeconds: 14400 }.
const LOCKOUT = null;

export function createApp(options: ExerciseOptions): Express {
  const users = new Map<string, string>();
  const sessions = new Map<string, string>(); // token → username

  // TODO (step 1): create a bcrypt hasher with options.bcryptCost.
  // TODO (step 2): create a JWT service signed with options.jwtSecret, using options.clock.
  // TODO (step 4): create a lockout policy (createLockoutPolicy) with options.clock.

  const { app, finish } = createExerciseServer({
    policy: { accessToken: { ttlSeconds: TOKEN_TTL_SECONDS }, lockout: LOCKOUT },
    users,
    reset: () => {
      users.clear();
      sessions.clear();
      // TODO (step 4): forget every failure count and lock too.
    },
  });

  // Registration
  app.post('/register', async (req, res) => {
    const { username, password } = readCredentials(req);
    if (users.has(username)) throw new HttpError(409, 'Username already taken');
    // TODO (step 1): store a bcrypt hash instead of the password.
    users.set(username, password);
    res.status(201).json({ username });
  });

  // Login
  app.post('/login', async (req, res) => {
    const { username, password } = readCredentials(req);
    // TODO (step 4): refuse a locked username with 423 and Retry-After, before checking the password.
    const stored = users.get(username);
    // TODO (step 3): one answer for both failures, so nobody can learn which usernames exist.
    if (stored === undefined) throw new HttpError(401, 'Unknown user', { 'WWW-Authenticate': 'Bearer' });
    // TODO (step 1): compare with the hasher.
    if (stored !== password) {
      // TODO (step 4): count this failure.
      throw new HttpError(401, 'Wrong password', { 'WWW-Authenticate': 'Bearer' });
    }
    // TODO (step 2): issue a JWT that expires instead of a session that never does.
    const token = createSessionToken();
    sessions.set(token, username);
    res.json({ token });
  });

  // The protected route
  app.get('/records', async (req, res) => {
    // TODO (step 2): verify the JWT's signature and expiry.
    const username = sessions.get(bearerToken(req) ?? '');
    if (username === undefined) throw new HttpError(401, 'Missing or invalid token', { 'WWW-Authenticate': 'Bearer' });
    res.json({ user: username, records: [{ id: 'rec-1', patient: 'Avery Quill', condition: 'Asthma' }] });
  });

  return finish();
}
