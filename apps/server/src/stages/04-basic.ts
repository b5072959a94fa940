/**
 * Stage 4 — HTTP Basic authentication.
 * There is no login and no token: every request carries `Authorization: Basic`, which is the
 * username and password in base64 — an encoding, not encryption. Without HTTPS anyone on the
 * path reads the password, and every request pays for a bcrypt compare.
 */
import { decodeBasicAuthorization } from '@authlab/contract';
import { Router, type Request, type Response } from 'express';
import { unauthorized } from '../auth-errors.ts';
import { trace } from '../flow.ts';
import { HttpError } from '../http-error.ts';
import { credentialsSchema, jsonBody, parseBody } from '../input.ts';
import { recordsFor } from '../records.ts';
import type { StageContext, StageModule, StageRouter } from '../stage.ts';

export const basicStage: StageModule = {
  info: {
    id: 'basic',
    order: 4,
    title: 'HTTP Basic authentication',
    summary: 'Sends the password itself, base64-encoded, with every request; only HTTPS keeps it secret.',
  },
  policy: (settings) => ({
    passwordStorage: { scheme: 'bcrypt', salted: true, cost: settings.bcryptCost },
    authentication: 'basic',
    accessToken: null,
    refreshToken: null,
    cookieSession: null,
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
    'credentials-not-resent': 'fail',
    'token-expires': 'n/a',
    'tamper-rejected': 'n/a',
    'alg-none-rejected': 'n/a',
    'refresh-single-use': 'n/a',
    'cookie-flags': 'n/a',
    'csrf-protected': 'n/a',
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
    'basic-sniffing': 'exposed',
    'token-replay': 'not-applicable',
    'forged-jwt': 'not-applicable',
  },
  createRouter,
};

function createRouter({ store, settings, realm, createBcryptHasher }: StageContext): StageRouter {
  const hasher = createBcryptHasher({ cost: settings.bcryptCost });
  const challenge = `Basic realm="${realm}", charset="UTF-8"`;
  const router = Router();
  router.use(jsonBody);

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

  router.post('/login', () => {
    throw new HttpError(404, 'This stage has no login: send Authorization: Basic with every request', { code: 'no_login' });
  });

  // #region authenticate
  async function authenticate(req: Request, res: Response): Promise<string> {
    trace(res, 'B', 'C');
    // The mistake: the password itself arrives on every request, only base64-encoded.
    const credentials = decodeBasicAuthorization(req.get('authorization'));
    if (credentials === undefined) {
      throw unauthorized(res, { message: 'Missing or malformed Basic credentials', code: 'missing_credentials', challenge });
    }
    const user = await store.users.find(credentials.username.toLowerCase());
    if (user === undefined) throw unauthorized(res, { message: 'Unknown user', code: 'unknown_user', challenge });
    // A full bcrypt compare on every single request: the price of having no session.
    if (!(await hasher.verify(credentials.password, user.stored))) {
      throw unauthorized(res, { message: 'Wrong password', code: 'wrong_password', challenge });
    }
    return user.username;
  }
  // #endregion

  router.get('/records', async (req, res) => {
    const username = await authenticate(req, res);
    trace(res, 'H');
    res.json(recordsFor(username));
  });

  return { router };
}
