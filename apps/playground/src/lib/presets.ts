/**
 * The request builder's presets: ready-made requests for one stage, built from the learner's
 * username and password and the tokens this session has received. A preset only fills the
 * builder; the learner reads it, may change it, then sends it.
 */
import { encodeBasicAuthorization } from '@authlab/contract';
import type { RequestSpec } from '../api/types.ts';
import type { StagePolicy } from '@authlab/contract';
import { forgeUnsignedToken, tamperToken, unknownUsername } from './presets-attacks.ts';
import type { Credentials } from './presets-context.ts';

export interface PresetContext {
  stage: string;
  authentication: StagePolicy['authentication'];
  /** What the username and password inputs say. */
  credentials: Credentials;
  /** The account last registered on this stage in this session (see lastRegistered). */
  registered: Credentials | undefined;
  tokens: { token?: string; refreshToken?: string };
  /** The stage's cookie session, when it has one (stages 5 and 6). */
  cookieSession?: StagePolicy['cookieSession'];
  /** `name=value` of the session cookie this stage set last (see latestSessionCookie). */
  sessionCookie?: string | undefined;
  /** Server time in seconds, for the claims of a forged token. */
  nowSeconds: number;
}

export type PresetId =
  | 'register'
  | 'login'
  | 'basic'
  | 'records'
  | 'refresh'
  | 'logout'
  | 'tamper'
  | 'alg-none'
  | 'wrong-password'
  | 'unknown-user'
  | 'cookie-login'
  | 'cookie-account'
  | 'cookie-email'
  | 'cookie-logout'
  | 'csrf'
  | 'breach'
  | 'reset';

export type PresetGroup = 'sign-in' | 'use' | 'attack' | 'stage';

export interface Preset {
  id: PresetId;
  group: PresetGroup;
  label: string;
  /** Undefined when the preset cannot be built yet (no token yet); `explain` then says why. */
  spec: RequestSpec | undefined;
  /** One sentence for the learner: what this request shows, or what to do first. */
  explain: string;
}

const NEEDS_TOKEN = 'Log in first: there is no token on this stage yet.';
const NEEDS_COOKIE = 'Use "Cookie login" first: there is no session cookie on this stage yet.';
/** What a browser adds when a page on another site auto-submits a form to this one. */
const FORM_FROM_ANOTHER_SITE = {
  'Content-Type': 'application/x-www-form-urlencoded',
  Origin: 'https://attacker.example',
  'Sec-Fetch-Site': 'cross-site',
  'Sec-Fetch-Mode': 'navigate',
};
const FORGED_FORM_BODY = 'recoveryEmail=attacker%40example.com';

function postJSON(path: string, body: unknown): RequestSpec {
  return { method: 'POST', path, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function withAuthorization(method: RequestSpec['method'], path: string, authorization: string | undefined): RequestSpec {
  return { method, path, headers: authorization === undefined ? {} : { Authorization: authorization }, body: '' };
}

/** The presets for one stage, in the order they are shown. */
export function presetsFor(context: PresetContext): Preset[] {
  const base = `/api/stages/${context.stage}`;
  const { username, password } = context.credentials;
  const { token, refreshToken } = context.tokens;
  const isBasic = context.authentication === 'basic';
  const isJWT = context.authentication === 'jwt';
  const bearer = token === undefined ? undefined : `Bearer ${token}`;
  const records = (authorization: string | undefined): RequestSpec => withAuthorization('GET', `${base}/records`, authorization);
  // Basic has no login: a sign-in attempt is a call to /records with the credentials attached.
  const signIn = (as: Credentials): RequestSpec => (isBasic ? records(encodeBasicAuthorization(as.username, as.password)) : postJSON(`${base}/login`, as));
  const basicAccount = context.registered ?? context.credentials;
  const tampered = token === undefined ? undefined : tamperToken(token);
  const { cookieSession, sessionCookie } = context;
  // A request that carries the session cookie, as the browser would add it; none before a cookie login.
  const withCookie = (method: RequestSpec['method'], route: string, headers: Record<string, string> = {}, body = ''): RequestSpec | undefined =>
    sessionCookie === undefined ? undefined : { method, path: `${base}${route}`, headers: { ...headers, Cookie: sessionCookie }, body };
  // A SameSite=None cookie rides along on another site's form; Strict or Lax stays behind.
  const cookieCrossesSites = cookieSession?.sameSite === 'None';

  const presets: (Preset | false)[] = [
    {
      id: 'register',
      group: 'sign-in',
      label: 'Register',
      spec: postJSON(`${base}/register`, { username, password }),
      explain: 'Creates the account; the Breach view shows how it is stored.',
    },
    !isBasic && { id: 'login', group: 'sign-in', label: 'Login', spec: signIn({ username, password }), explain: 'Trades the password for a token.' },
    isBasic && {
      id: 'basic',
      group: 'sign-in',
      label: 'Build a Basic header',
      spec: records(encodeBasicAuthorization(basicAccount.username, basicAccount.password)),
      explain: `${context.registered ? 'The account registered last' : 'The username and password above'}, as "Authorization: Basic": base64 of user:password, sent with every request.`,
    },
    {
      id: 'records',
      group: 'use',
      label: isBasic ? 'Call /records without credentials' : 'Call /records with the last token',
      spec: records(isBasic ? undefined : bearer),
      explain: isBasic
        ? 'No Authorization header: the 401 carries WWW-Authenticate: Basic, asking for a password.'
        : bearer === undefined
          ? 'There is no token yet, so this goes without one: expect a 401.'
          : 'The protected route, with the last token this stage issued.',
    },
    isJWT && {
      id: 'refresh',
      group: 'use',
      label: 'Refresh',
      spec: refreshToken === undefined ? undefined : postJSON(`${base}/refresh`, { refreshToken }),
      explain: refreshToken === undefined ? NEEDS_TOKEN : 'Trades the last refresh token for a new pair; send it twice to see it is single use.',
    },
    !isBasic && {
      id: 'logout',
      group: 'use',
      label: 'Logout',
      spec: bearer === undefined ? undefined : withAuthorization('POST', `${base}/logout`, bearer),
      explain:
        bearer === undefined ? NEEDS_TOKEN : isJWT ? 'Revokes the refresh tokens; the JWT itself lives until its exp.' : 'Deletes the session: the token stops working.',
    },
    !isBasic && {
      id: 'tamper',
      group: 'attack',
      label: 'Tamper with the token',
      spec: tampered === undefined ? undefined : records(`Bearer ${tampered.token}`),
      explain: tampered?.explain ?? NEEDS_TOKEN,
    },
    isJWT && {
      id: 'alg-none',
      group: 'attack',
      label: 'Forge alg:none',
      spec: records(`Bearer ${forgeUnsignedToken({ token, username, stage: context.stage, nowSeconds: context.nowSeconds })}`),
      explain: 'The same claims with "alg": "none" and no signature: a server must refuse it.',
    },
    {
      id: 'wrong-password',
      group: 'attack',
      label: 'Wrong password',
      spec: signIn({ username, password: `wrong-${password}` }),
      explain: "A real name, a wrong password: compare the error with the unknown user's.",
    },
    {
      id: 'unknown-user',
      group: 'attack',
      label: 'Unknown user',
      spec: signIn({ username: unknownUsername(username), password }),
      explain: "A name nobody registered: compare the error with the wrong password's.",
    },
    cookieSession != null && {
      id: 'cookie-login',
      group: 'sign-in',
      label: 'Cookie login',
      spec: postJSON(`${base}/cookie/login`, { username, password }),
      explain: `The same login, answered with a session cookie instead of tokens: read the Set-Cookie attributes (${cookieSession.cookieName}).`,
    },
    cookieSession != null && {
      id: 'cookie-account',
      group: 'use',
      label: 'Account, with the cookie',
      spec: withCookie('GET', '/cookie/account'),
      explain: sessionCookie === undefined ? NEEDS_COOKIE : 'The recovery email on file, read with the session cookie a browser would send by itself.',
    },
    cookieSession != null && {
      id: 'cookie-email',
      group: 'use',
      label: 'Change recovery email',
      spec: withCookie('POST', '/cookie/recovery-email', { 'Content-Type': 'application/json' }, JSON.stringify({ recoveryEmail: `${username}@example.com` })),
      explain: sessionCookie === undefined ? NEEDS_COOKIE : 'A change the account owner makes: JSON, with the session cookie.',
    },
    cookieSession != null && {
      id: 'csrf',
      group: 'attack',
      label: 'Forged form from another site',
      spec:
        sessionCookie === undefined
          ? undefined
          : cookieCrossesSites
            ? withCookie('POST', '/cookie/recovery-email', FORM_FROM_ANOTHER_SITE, FORGED_FORM_BODY)
            : { method: 'POST', path: `${base}/cookie/recovery-email`, headers: FORM_FROM_ANOTHER_SITE, body: FORGED_FORM_BODY },
      explain:
        sessionCookie === undefined
          ? NEEDS_COOKIE
          : cookieCrossesSites
            ? 'What the browser sends when a page on another site auto-submits a form here: SameSite=None lets the cookie ride along.'
            : `What the browser sends when another site's page auto-submits a form: the SameSite=${cookieSession.sameSite} cookie stays behind. To play a sibling subdomain, which SameSite does not stop, add the Cookie header and set Sec-Fetch-Site to same-site.`,
    },
    cookieSession != null && {
      id: 'cookie-logout',
      group: 'use',
      label: 'Cookie logout',
      spec: withCookie('POST', '/cookie/logout'),
      explain: sessionCookie === undefined ? NEEDS_COOKIE : 'Ends the session on the server and tells the browser to drop the cookie.',
    },
    {
      id: 'breach',
      group: 'attack',
      label: 'Breach',
      spec: withAuthorization('GET', `${base}/breach`, undefined),
      explain: 'The credential column exactly as stored: what a database leak hands an attacker.',
    },
    {
      id: 'reset',
      group: 'stage',
      label: 'Reset stage',
      spec: withAuthorization('POST', `${base}/reset`, undefined),
      explain: "Deletes this stage's users, sessions and lockouts, and puts its demo clock back.",
    },
  ];
  return presets.filter((preset): preset is Preset => preset !== false);
}
