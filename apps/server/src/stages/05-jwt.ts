/**
 * Stage 5 — JWT with refresh tokens.
 * Login returns a short-lived signed access token (HS256, algorithm pinned) and a single-use
 * refresh token. A stolen access token now dies on its own within minutes. Still missing:
 * login errors tell users apart, and nothing slows down someone guessing passwords.
 *
 * The same login can also start a browser session in a cookie (`/cookie/...`), the other way to
 * stay signed in; its cookie and its routes make the classic cookie mistakes.
 */
import { createRefreshRotation } from '@authlab/auth-core';
import { Router, type Request, type Response } from 'express';
import { bearerChallenge, unauthorized } from '../auth-errors.ts';
import { trace } from '../flow.ts';
import { HttpError } from '../http-error.ts';
import { addCookieSessionRoutes, createCookieSessions, describeCookieSession, type CookieAttributes } from '../cookie-session.ts';
import { credentialsSchema, formBody, jsonBody, parseBody, parseBodyOrForm, readBearerToken, recoveryEmailSchema, refreshSchema } from '../input.ts';
import { recordsFor } from '../records.ts';
import type { StageContext, StageModule, StageRouter } from '../stage.ts';

export const jwtStage: StageModule = {
  info: {
    id: 'jwt',
    order: 5,
    title: 'JWT with refresh tokens',
    summary: 'Issues short-lived signed tokens and single-use refresh tokens; guessing is still unlimited.',
  },
  policy: (settings) => ({
    passwordStorage: { scheme: 'bcrypt', salted: true, cost: settings.bcryptCost },
    authentication: 'jwt',
    accessToken: { kind: 'jwt', ttlSeconds: settings.accessTokenTTLSeconds, algorithm: 'HS256' },
    refreshToken: { singleUse: true, ttlSeconds: settings.refreshTokenTTLSeconds, familyLifetimeSeconds: settings.refreshFamilyLifetimeSeconds },
    cookieSession: describeCookieSession(SESSION_COOKIE, 'none', settings.cookieSessionTTLSeconds),
    loginErrors: 'distinct',
    equalTiming: false,
    lockout: null,
    rateLimit: null,
    registrationRateLimit: null,
    passwordPolicy: null,
  }),
  // What the practice checks must find on this stage: the lesson's claim, proven by a test.
  expectedChecks: {
    'no-plaintext-storage': 'pass',
    'salted-hash': 'pass',
    'slow-hash': 'pass',
    'no-72-byte-truncation': 'fail',
    'credentials-not-resent': 'pass',
    'token-expires': 'pass',
    'tamper-rejected': 'pass',
    'alg-none-rejected': 'pass',
    'refresh-single-use': 'pass',
    'cookie-flags': 'fail',
    'csrf-protected': 'fail',
    'generic-login-error': 'fail',
    'equal-timing': 'fail',
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
    'timing-enumeration': 'exposed',
    'breach-crack': 'slowed',
    'basic-sniffing': 'not-applicable',
    'token-replay': 'refused',
    'forged-jwt': 'refused',
  },
  createRouter,
};

// The mistakes: page scripts can read this cookie, so one cross-site scripting bug hands the
// session to an attacker, and the browser attaches it to requests that any other site starts.
const SESSION_COOKIE: CookieAttributes = { name: 'authlab-jwt-session', httpOnly: false, secure: true, sameSite: 'none' };

function createRouter({ store, settings, clock, realm, createJWTService, createBcryptHasher }: StageContext): StageRouter {
  const hasher = createBcryptHasher({ cost: settings.bcryptCost });
  const jwt = createJWTService({ issuer: 'authlab', ttlSeconds: settings.accessTokenTTLSeconds });
  const refresh = createRefreshRotation({
    store: store.refreshTokens,
    ttlSeconds: settings.refreshTokenTTLSeconds,
    familyLifetimeSeconds: settings.refreshFamilyLifetimeSeconds,
    clock,
  });
  const challenge = bearerChallenge(realm);
  const router = Router();
  router.use(jsonBody);

  async function issueTokens(username: string, familyId: string, refreshToken: string): Promise<object> {
    const token = await jwt.issue({ subject: username, sessionId: familyId });
    return { token, refreshToken, expiresIn: jwt.ttlSeconds };
  }

  // #region register
  router.post('/register', async (req, res) => {
    const { username, password } = parseBody(req, credentialsSchema);
    const stored = await hasher.hash(password);
    if (!(await store.users.insert({ username, stored }))) {
      throw new HttpError(409, 'Username already taken', { code: 'username_taken' });
    }
    trace(res, 'REG');
    res.status(201).json({ username });
  });
  // #endregion

  // #region login
  /** Checks the posted credentials and returns who logged in; throws the 401 otherwise. */
  async function checkCredentials(req: Request, res: Response): Promise<string> {
    const { username, password } = parseBody(req, credentialsSchema);
    trace(res, 'B', 'C');
    const user = await store.users.find(username);
    // The mistake that remains: distinct answers, and no limit on how often anyone may guess.
    if (user === undefined) throw unauthorized(res, { message: 'Unknown user', code: 'unknown_user', challenge });
    if (!(await hasher.verify(password, user.stored))) {
      throw unauthorized(res, { message: 'Wrong password', code: 'wrong_password', challenge });
    }
    return username;
  }

  router.post('/login', async (req, res) => {
    const username = await checkCredentials(req, res);
    const { refreshToken, familyId } = await refresh.issue(username);
    trace(res, 'D');
    res.json(await issueTokens(username, familyId, refreshToken));
  });
  // #endregion

  // #region authenticate
  async function authenticate(req: Request, res: Response): Promise<{ username: string; familyId?: string }> {
    trace(res, 'F', 'G');
    const token = readBearerToken(req);
    // Signature, algorithm, issuer, audience, issue time and expiry are all checked; decoding alone proves nothing.
    const result = token === undefined ? undefined : await jwt.verify(token);
    if (result?.ok) return { username: result.token.subject, familyId: result.token.sessionId };
    if (result?.reason === 'expired') {
      const expiredChallenge = bearerChallenge(realm, { error: 'invalid_token', description: 'Token expired' });
      throw unauthorized(res, { message: 'Token expired', code: 'token_expired', challenge: expiredChallenge, node: 'I' });
    }
    throw unauthorized(res, { message: 'Missing or invalid token', code: 'invalid_token', challenge });
  }
  // #endregion

  router.get('/records', async (req, res) => {
    const { username } = await authenticate(req, res);
    trace(res, 'H');
    res.json(recordsFor(username));
  });

  // #region refresh
  router.post('/refresh', async (req, res) => {
    const { refreshToken } = parseBody(req, refreshSchema);
    trace(res, 'REFRESH');
    // Single use: a second use of the same token means it was copied, so its whole family dies.
    const rotated = await refresh.rotate(refreshToken);
    if (!rotated.ok) {
      throw unauthorized(res, { message: 'Invalid or expired refresh token', code: `refresh_${rotated.reason}`, challenge });
    }
    trace(res, 'D');
    res.json(await issueTokens(rotated.username, rotated.familyId, rotated.refreshToken));
  });
  // #endregion

  router.post('/logout', async (req, res) => {
    const { familyId } = await authenticate(req, res);
    // The refresh family ends here; the access token itself lives until `exp`, which is why it is short.
    if (familyId !== undefined) await refresh.revokeFamily(familyId);
    trace(res, 'REVOKE');
    res.status(204).end();
  });

  // #region cookie-session
  const sessions = createCookieSessions({ store, clock, ttlSeconds: settings.cookieSessionTTLSeconds, cookie: SESSION_COOKIE });

  addCookieSessionRoutes(router, { sessions, store, checkCredentials });

  // The mistake: this route takes a plain HTML form and never asks which site sent it (the lab's
  // own cross-site guard leaves `/cookie/...` to the stage). Any page the victim visits can
  // submit the form; the browser adds the cookie; the attacker's address becomes the one a
  // password reset goes to.
  router.post('/cookie/recovery-email', formBody, async (req, res) => {
    const { username } = await sessions.signedIn(req, res);
    const { recoveryEmail } = parseBodyOrForm(req, recoveryEmailSchema);
    await store.users.setRecoveryEmail(username, recoveryEmail);
    trace(res, 'EMAIL');
    res.json({ username, recoveryEmail });
  });
  // #endregion

  return { router };
}
