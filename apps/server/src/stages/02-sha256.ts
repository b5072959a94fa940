/**
 * Stage 2 — unsalted SHA-256.
 * Passwords are stored as their SHA-256 hex digest. Better than plain text, but a fast hash
 * without a salt: equal passwords give equal digests, and a wordlist cracks them in milliseconds.
 */
import { createSHA256Hasher, createSessionToken, hashSessionToken } from '@authlab/auth-core';
import { Router, type Request, type Response } from 'express';
import { bearerChallenge, unauthorized } from '../auth-errors.ts';
import { trace } from '../flow.ts';
import { HttpError } from '../http-error.ts';
import { credentialsSchema, jsonBody, parseBody, readBearerToken } from '../input.ts';
import { recordsFor } from '../records.ts';
import type { StageContext, StageModule, StageRouter } from '../stage.ts';

export const sha256Stage: StageModule = {
  info: {
    id: 'sha256',
    order: 2,
    title: 'Unsalted SHA-256',
    summary: 'Stores a fast, unsalted hash; equal passwords share a hash and a wordlist cracks them at once.',
  },
  policy: () => ({
    passwordStorage: { scheme: 'sha256', salted: false, cost: null },
    authentication: 'session-token',
    accessToken: { kind: 'opaque', ttlSeconds: null, algorithm: null },
    refreshToken: null,
    cookieSession: null,
    loginErrors: 'distinct',
    equalTiming: true,
    lockout: null,
    rateLimit: null,
    registrationRateLimit: null,
    passwordPolicy: null,
  }),
  // What the practice checks must find on this stage: the lesson's claim, proven by a test.
  expectedChecks: {
    'no-plaintext-storage': 'pass',
    'salted-hash': 'fail',
    'slow-hash': 'fail',
    'no-72-byte-truncation': 'pass',
    'credentials-not-resent': 'pass',
    'token-expires': 'fail',
    'tamper-rejected': 'pass',
    'alg-none-rejected': 'n/a',
    'refresh-single-use': 'n/a',
    'cookie-flags': 'n/a',
    'csrf-protected': 'n/a',
    'generic-login-error': 'fail',
    'equal-timing': 'pass',
    'account-lockout': 'fail',
    'login-rate-limited': 'fail',
    'password-policy': 'fail',
  },
  // What each attack of the attack lab must achieve on this stage, proven by a test as well.
  expectedAttacks: {
    'brute-force': 'cracked',
    'parallel-guessing': 'cracked',
    'password-spraying': 'cracked',
    'message-enumeration': 'exposed',
    'timing-enumeration': 'refused',
    'breach-crack': 'cracked',
    'basic-sniffing': 'not-applicable',
    'token-replay': 'exposed',
    'forged-jwt': 'not-applicable',
  },
  createRouter,
};

function createRouter({ store, realm }: StageContext): StageRouter {
  const hasher = createSHA256Hasher();
  const challenge = bearerChallenge(realm);
  const router = Router();
  router.use(jsonBody);

  // #region register
  router.post('/register', async (req, res) => {
    const { username, password } = parseBody(req, credentialsSchema);
    // The mistake: no salt, and a hash built to be fast; guessing is cheap and equal passwords show.
    const stored = await hasher.hash(password);
    if (!(await store.users.insert({ username, stored }))) {
      throw new HttpError(409, 'Username already taken', { code: 'username_taken' });
    }
    trace(res, 'REG');
    res.status(201).json({ username });
  });
  // #endregion

  // #region login
  router.post('/login', async (req, res) => {
    const { username, password } = parseBody(req, credentialsSchema);
    trace(res, 'B', 'C');
    const user = await store.users.find(username);
    // The mistake: two different answers tell an attacker which usernames are real.
    if (user === undefined) throw unauthorized(res, { message: 'Unknown user', code: 'unknown_user', challenge });
    if (!(await hasher.verify(password, user.stored))) {
      throw unauthorized(res, { message: 'Wrong password', code: 'wrong_password', challenge });
    }
    const token = createSessionToken();
    // The mistake: the session has no expiry, so a stolen token works until logout.
    await store.sessions.insert(hashSessionToken(token), username);
    trace(res, 'D');
    res.json({ token });
  });
  // #endregion

  // #region authenticate
  async function authenticate(req: Request, res: Response): Promise<{ username: string; tokenHash: string }> {
    trace(res, 'F', 'G');
    const token = readBearerToken(req);
    const tokenHash = token === undefined ? undefined : hashSessionToken(token);
    const username = tokenHash === undefined ? undefined : await store.sessions.findUsername(tokenHash);
    if (tokenHash === undefined || username === undefined) {
      throw unauthorized(res, { message: 'Missing or invalid token', code: 'invalid_token', challenge });
    }
    return { username, tokenHash };
  }
  // #endregion

  router.get('/records', async (req, res) => {
    const { username } = await authenticate(req, res);
    trace(res, 'H');
    res.json(recordsFor(username));
  });

  router.post('/logout', async (req, res) => {
    const { tokenHash } = await authenticate(req, res);
    await store.sessions.delete(tokenHash);
    trace(res, 'REVOKE');
    res.status(204).end();
  });

  return { router };
}
