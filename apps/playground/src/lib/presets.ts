/**
 * The request builder's presets: ready-made requests for one stage, built from the learner's
 * username and password and the tokens this session has received. A preset only fills the
 * builder; the learner reads it, may change it, then sends it.
 */
import type { RequestSpec, StagePolicy } from '../api/types.ts';
import { encodeBasicAuthorization } from './inspect-token.ts';
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
      explain: bearer === undefined ? NEEDS_TOKEN : isJWT ? 'Revokes the refresh tokens; the JWT itself lives until its exp.' : 'Deletes the session: the token stops working.',
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
