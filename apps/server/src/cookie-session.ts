/**
 * Browser sessions kept in a cookie: the server remembers the hash of a random token, and the
 * browser sends the token back on its own with every request to this site. That "on its own" is
 * both the convenience and the danger: a request another site makes the browser send carries
 * the cookie too, unless the cookie's attributes or the server say otherwise.
 *
 * Stages 5 and 6 share this mechanism and differ only in the attributes they choose and in who
 * may send a request that carries the cookie; those choices live in the stage files.
 */
import { createSessionToken, hashSessionToken } from '@authlab/auth-core';
import type { StagePolicy } from '@authlab/contract';
import { parse as parseCookieHeader } from 'cookie';
import type { Request, Response, Router } from 'express';
import { noSession } from './auth-errors.ts';
import { trace } from './flow.ts';
import { countHeader } from './raw-headers.ts';
import type { StageStore } from './store/stage-store.ts';

export interface CookieAttributes {
  /** A `__Host-` name makes browsers insist on Secure, Path=/ and no Domain, so no sibling site can set or overwrite it. */
  name: string;
  /** Hidden from page scripts, so cross-site scripting cannot read the session out of `document.cookie`. */
  httpOnly: boolean;
  /** Sent over HTTPS only (browsers treat http://localhost as secure enough for it). */
  secure: boolean;
  /** When a browser attaches the cookie to a request another site started. */
  sameSite: 'strict' | 'lax' | 'none';
}

export interface CookieSessionOptions {
  store: StageStore;
  clock: () => number;
  /** Absolute lifetime: a session ends this long after login, however busy it is. */
  ttlSeconds: number;
  cookie: CookieAttributes;
}

export interface CookieSessions {
  readonly cookie: CookieAttributes;
  /** Starts a session for `username` and sets its cookie on the response. */
  start(res: Response, username: string): Promise<void>;
  /** The signed-in user, or undefined for a missing, unknown or expired session. */
  read(req: Request): Promise<{ username: string; tokenHash: string } | undefined>;
  /** The signed-in user; throws `403 no_session` (and traces it) when there is none. */
  signedIn(req: Request, res: Response): Promise<{ username: string; tokenHash: string }>;
  /** Ends the session server-side and tells the browser to drop its cookie. */
  end(res: Response, tokenHash: string): Promise<void>;
}

/** Session tokens are 43 base64url characters; anything else never reaches the database. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;
/** Browsers send a few kilobytes of cookies at most; a bigger header is not worth parsing. */
const MAX_COOKIE_HEADER_LENGTH = 8192;

export function createCookieSessions(options: CookieSessionOptions): CookieSessions {
  const { store, clock, ttlSeconds, cookie } = options;
  const attributes = { httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite, path: '/' } as const;

  function readToken(req: Request): string | undefined {
    const header = req.get('cookie');
    // Two Cookie headers could name the session twice; which one counts would be a guess.
    if (header === undefined || header.length > MAX_COOKIE_HEADER_LENGTH || countHeader(req, 'cookie') !== 1) return undefined;
    const token = parseCookieHeader(header)[cookie.name];
    return token !== undefined && TOKEN_PATTERN.test(token) ? token : undefined;
  }

  async function read(req: Request): Promise<{ username: string; tokenHash: string } | undefined> {
    const token = readToken(req);
    if (token === undefined) return undefined;
    const tokenHash = hashSessionToken(token);
    const session = await store.sessions.find(tokenHash);
    if (session === undefined) return undefined;
    // The cookie's Max-Age is only a request to the browser; the server decides when a session ends.
    if (clock() - session.createdAtMs >= ttlSeconds * 1000) {
      await store.sessions.delete(tokenHash);
      return undefined;
    }
    return { username: session.username, tokenHash };
  }

  return {
    cookie,
    async start(res, username) {
      const token = createSessionToken();
      await store.sessions.insert(hashSessionToken(token), username);
      res.cookie(cookie.name, token, { ...attributes, maxAge: ttlSeconds * 1000 });
    },
    read,
    async signedIn(req, res) {
      trace(res, 'F', 'G');
      const session = await read(req);
      if (session === undefined) throw noSession(res);
      return session;
    },
    async end(res, tokenHash) {
      await store.sessions.delete(tokenHash);
      res.clearCookie(cookie.name, attributes);
    },
  };
}

/** What a stage publishes about its cookie session, read from the attributes it really sets. */
export function describeCookieSession(cookie: CookieAttributes, csrfDefence: 'none' | 'fetch-metadata', ttlSeconds: number): NonNullable<StagePolicy['cookieSession']> {
  const sameSite = ({ strict: 'Strict', lax: 'Lax', none: 'None' } as const)[cookie.sameSite];
  return { cookieName: cookie.name, httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite, csrfDefence, ttlSeconds };
}

/**
 * The cookie routes that are the same on every stage with a cookie session: logging in with the
 * stage's own credential check, reading the account and logging out. Changing the recovery email
 * is where stages differ (who may ask for it), so each stage writes that route itself.
 */
export function addCookieSessionRoutes(
  router: Router,
  { sessions, store, checkCredentials }: { sessions: CookieSessions; store: StageStore; checkCredentials: (req: Request, res: Response) => Promise<string> },
): void {
  router.post('/cookie/login', async (req, res) => {
    const username = await checkCredentials(req, res);
    await sessions.start(res, username);
    trace(res, 'COOKIE');
    // No token in the body: the browser keeps the session and sends it back by itself.
    res.json({ username });
  });

  router.get('/cookie/account', async (req, res) => {
    const { username } = await sessions.signedIn(req, res);
    trace(res, 'EMAIL');
    res.json({ username, recoveryEmail: await store.users.recoveryEmailOf(username) });
  });

  router.post('/cookie/logout', async (req, res) => {
    const { tokenHash } = await sessions.signedIn(req, res);
    await sessions.end(res, tokenHash);
    trace(res, 'REVOKE');
    res.status(204).end();
  });
}
