/**
 * Stage 6 — lockout and rate limiting: the hardened reference.
 * Everything from stage 5, plus: repeated failures lock a username (real or not) for longer each
 * time, every attempt is counted before its password is checked, each client IP gets a limited
 * number of logins and registrations, every failure gets the same answer in the same time,
 * registration refuses short, common and predictable passwords, and a hash made at an older,
 * lower cost is replaced at its owner's next successful login. Its cookie session is hidden
 * from page scripts, never sent by other sites, and its routes refuse cross-site requests.
 */
import { checkPasswordPolicy, createRefreshRotation, exceedsBcryptLimit, normalizePassword, PASSWORD_POLICY, verifyAndRehash, type RehashResult } from '@authlab/auth-core';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { bearerChallenge, unauthorized } from '../auth-errors.ts';
import { trace } from '../flow.ts';
import { HttpError } from '../http-error.ts';
import { addCookieSessionRoutes, createCookieSessions, describeCookieSession, type CookieAttributes } from '../cookie-session.ts';
import { crossSiteRefusalOf } from '../cross-site-guard.ts';
import { credentialsSchema, jsonBody, parseBody, readBearerToken, recoveryEmailSchema, refreshSchema } from '../input.ts';
import { recordsFor } from '../records.ts';
import type { StageContext, StageModule, StageRouter } from '../stage.ts';

export const lockoutStage: StageModule = {
  info: {
    id: 'lockout',
    order: 6,
    title: 'Lockout and rate limiting',
    summary: 'Locks a name after repeated failures, rate-limits login per client, and answers every failure alike.',
  },
  policy: (settings) => ({
    passwordStorage: { scheme: 'bcrypt', salted: true, cost: settings.bcryptCost },
    authentication: 'jwt',
    accessToken: { kind: 'jwt', ttlSeconds: settings.accessTokenTTLSeconds, algorithm: 'HS256' },
    refreshToken: { singleUse: true, ttlSeconds: settings.refreshTokenTTLSeconds, familyLifetimeSeconds: settings.refreshFamilyLifetimeSeconds },
    cookieSession: describeCookieSession(SESSION_COOKIE, 'fetch-metadata', settings.cookieSessionTTLSeconds),
    loginErrors: 'generic',
    equalTiming: true,
    lockout: { ...settings.lockout, growth: 'doubling' },
    rateLimit: { scope: 'client-ip', route: 'login', ...settings.rateLimit },
    registrationRateLimit: { scope: 'client-ip', route: 'register', ...settings.registrationRateLimit },
    passwordPolicy: { ...PASSWORD_POLICY },
  }),
  // What the practice checks must find on this stage: the lesson's claim, proven by a test.
  expectedChecks: {
    'no-plaintext-storage': 'pass',
    'salted-hash': 'pass',
    'slow-hash': 'pass',
    'no-72-byte-truncation': 'pass',
    'credentials-not-resent': 'pass',
    'token-expires': 'pass',
    'tamper-rejected': 'pass',
    'alg-none-rejected': 'pass',
    'refresh-single-use': 'pass',
    'cookie-flags': 'pass',
    'csrf-protected': 'pass',
    'generic-login-error': 'pass',
    'equal-timing': 'pass',
    'account-lockout': 'pass',
    'login-rate-limited': 'pass',
    'password-policy': 'pass',
  },
  // What each attack of the attack lab must achieve on this stage, proven by a test as well.
  expectedAttacks: {
    'brute-force': 'locked-out',
    'parallel-guessing': 'locked-out',
    'password-spraying': 'rate-limited',
    'message-enumeration': 'refused',
    'timing-enumeration': 'refused',
    'breach-crack': 'slowed',
    'basic-sniffing': 'not-applicable',
    'token-replay': 'refused',
    'forged-jwt': 'refused',
  },
  createRouter,
};

// HttpOnly: no page script can read it. Secure: never sent over plain HTTP (browsers let
// http://localhost keep it). SameSite=Strict: never attached to a request another site starts.
// `__Host-`: browsers accept it only with Secure, Path=/ and no Domain, so no sibling site can
// plant or overwrite it.
const SESSION_COOKIE: CookieAttributes = { name: '__Host-authlab-lockout-session', httpOnly: true, secure: true, sameSite: 'strict' };

function createRouter({
  store,
  settings,
  clock,
  realm,
  createJWTService,
  createLockoutPolicy,
  createDummyHash,
  createBcryptHasher,
  createRateLimitStore,
}: StageContext): StageRouter {
  const hasher = createBcryptHasher({ cost: settings.bcryptCost });
  const jwt = createJWTService({ issuer: 'authlab', ttlSeconds: settings.accessTokenTTLSeconds });
  const refresh = createRefreshRotation({
    store: store.refreshTokens,
    ttlSeconds: settings.refreshTokenTTLSeconds,
    familyLifetimeSeconds: settings.refreshFamilyLifetimeSeconds,
    clock,
  });
  const lockout = createLockoutPolicy(settings.lockout);
  const dummy = createDummyHash(hasher);
  const challenge = bearerChallenge(realm);
  const router = Router();
  // Before anything else, so a refused cross-site request is never parsed or counted: another
  // site's page must not be able to spend this client's login allowance.
  router.use('/cookie', refuseCrossSiteCookieRequests);

  // #region rate-limit
  // One limiter per route, built once: under a flood, a refusal should cost as little as possible.
  // The client is the address Express reports: the connection's, or behind a proxy the lab was
  // told to trust (AUTHLAB_TRUST_PROXY) the one it names, so a forged X-Forwarded-For buys nothing.
  // The counts live where every process serving this stage sees them (see createRateLimitStore).
  function limitPerClient(options: { name: string; routes: string[]; limit: number; windowSeconds: number; message: string }): Store {
    const tooMany = new HttpError(429, options.message, { code: 'rate_limited' });
    const counters = createRateLimitStore(options.name);
    const limiter = rateLimit({
      windowMs: options.windowSeconds * 1000,
      limit: options.limit,
      // RateLimit and RateLimit-Policy as the IETF's draft 8 words them: still a draft, the
      // newest that express-rate-limit writes (draft 7 has expired).
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: counters,
      validate: { xForwardedForHeader: false },
      handler: (_req, res, next) => {
        trace(res, 'LIMIT');
        next(tooMany);
      },
    });
    // Mounted ahead of the body parser: a refused request is turned away before its body is read.
    router.post(options.routes, limiter);
    return counters;
  }
  const loginCounters = limitPerClient({ name: 'login', routes: ['/login', '/cookie/login'], ...settings.rateLimit, message: 'Too many login attempts, try again later' });
  const registrationCounters = limitPerClient({
    name: 'register',
    routes: ['/register'],
    ...settings.registrationRateLimit,
    message: 'Too many registrations, try again later',
  });
  // #endregion

  router.use(jsonBody);

  async function issueTokens(username: string, familyId: string, refreshToken: string): Promise<object> {
    const token = await jwt.issue({ subject: username, sessionId: familyId });
    return { token, refreshToken, expiresIn: jwt.ttlSeconds };
  }

  // #region register
  router.post('/register', async (req, res) => {
    const { username, password: typed } = parseBody(req, credentialsSchema);
    // One form of every password (NFC), at registration and at login, so the same characters
    // typed on another keyboard or system still match.
    const password = normalizePassword(typed);
    // Refuse known-weak passwords up front: they are the first thing any attacker tries.
    const verdict = checkPasswordPolicy(password, { username });
    if (!verdict.ok) throw new HttpError(400, verdict.message, { code: `password_${verdict.code.replaceAll('-', '_')}` });
    // A taken name costs no hashing: refusing it cheaply keeps a flood of registrations from
    // starving logins of bcrypt time. (The 409 itself says the name exists; see the lesson.)
    if ((await store.users.find(username)) !== undefined) throw usernameTaken();
    const stored = await hasher.hash(password);
    if (!(await store.users.insert({ username, stored }))) throw usernameTaken();
    trace(res, 'REG');
    res.status(201).json({ username });
  });

  function usernameTaken(): HttpError {
    return new HttpError(409, 'Username already taken', { code: 'username_taken' });
  }
  // #endregion

  // #region login
  const invalidCredentials = (res: Response): HttpError => unauthorized(res, { message: 'Invalid credentials', code: 'invalid_credentials', challenge });

  /** Checks the posted credentials, counting the attempt first, and returns who logged in. */
  async function checkCredentials(req: Request, res: Response): Promise<string> {
    const { username, password: typed } = parseBody(req, credentialsSchema);
    const password = normalizePassword(typed);
    trace(res, 'B');
    const attempt = await lockout.beginAttempt(username);
    if (attempt.locked) throw locked(res, attempt.retryAfterSeconds);
    await housekeeping();
    trace(res, 'C');
    const user = await store.users.find(username);
    // Unknown names are checked against a dummy hash at the same cost: same work, same time.
    // Passwords bcrypt would truncate cannot be anyone's (registration refuses them).
    const login: RehashResult =
      user !== undefined && !exceedsBcryptLimit(password) ? await verifyAndRehash(hasher, password, user.stored) : { ok: await dummy.verifyAgainstDummy(password) };
    if (!login.ok || user === undefined) {
      await attempt.failed();
      // One answer for every failure: nothing here says whether the name exists.
      throw invalidCredentials(res);
    }
    await attempt.succeeded();
    // A hash from when the cost was lower is replaced now: only a correct login puts the
    // password itself in our hands, so this is the one moment an upgrade can happen.
    if (login.rehashed !== undefined) {
      await store.users.replaceStored({ username, previous: user.stored, next: login.rehashed });
      trace(res, 'REHASH');
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

  // #region lockout
  function locked(res: Response, retryAfterSeconds: number): HttpError {
    // Decided before the password is looked at, so a locked name answers the same whatever the
    // password, and the same for names that do not exist, so a lock reveals nothing.
    trace(res, 'LOCK');
    return new HttpError(423, 'Too many failed attempts; this account is locked for now', {
      code: 'locked',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
  // #endregion

  // #region housekeeping
  // What can no longer matter is deleted, by the stage's clock, at most once a minute: the
  // failures of names nobody has tried for a day (real or made up, so spraying random names
  // cannot grow the table for ever), refresh tokens past their expiry, and cookie sessions
  // past their lifetime.
  const HOUSEKEEPING_INTERVAL_MS = 60_000;
  let nextHousekeepingAtMs = 0;
  async function housekeeping(): Promise<void> {
    const now = clock();
    if (now < nextHousekeepingAtMs) return;
    nextHousekeepingAtMs = now + HOUSEKEEPING_INTERVAL_MS;
    await Promise.all([lockout.sweep(), refresh.sweep(), store.sessions.deleteStartedBefore(now - settings.cookieSessionTTLSeconds * 1000)]);
  }
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
    // No token outlives its family, so rotation cannot keep one login alive for ever.
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
  // The fix for cross-site request forgery, mounted in front of every cookie route: a request
  // that changes something must say Sec-Fetch-Site: same-origin (or, without it, carry our own
  // Origin), and its body must be JSON, which no plain form can send. The same rule guards the
  // lab's own routes (cross-site-guard.ts).
  function refuseCrossSiteCookieRequests(req: Request, res: Response, next: NextFunction): void {
    const refusal = crossSiteRefusalOf(req);
    if (refusal !== undefined) trace(res, 'CSRF');
    next(refusal);
  }

  const sessions = createCookieSessions({ store, clock, ttlSeconds: settings.cookieSessionTTLSeconds, cookie: SESSION_COOKIE });

  addCookieSessionRoutes(router, { sessions, store, checkCredentials });

  router.post('/cookie/recovery-email', async (req, res) => {
    const { username } = await sessions.signedIn(req, res);
    const { recoveryEmail } = parseBody(req, recoveryEmailSchema);
    await store.users.setRecoveryEmail(username, recoveryEmail);
    trace(res, 'EMAIL');
    res.json({ username, recoveryEmail });
  });
  // #endregion

  return {
    router,
    resetMemory: async () => {
      nextHousekeepingAtMs = 0;
      // Awaited, so a reset that could not reach the shared counts (Redis away) fails instead of
      // answering as if the allowance were back.
      await Promise.all([loginCounters.resetAll?.(), registrationCounters.resetAll?.()]);
    },
    dispose: () => {
      // A memory store keeps a timer for expiring its windows; a removed workspace needs none.
      void loginCounters.shutdown?.();
      void registrationCounters.shutdown?.();
    },
    ready: dummy.ready,
  };
}
