import { classroomCookieName, INSTRUCTOR_COOKIE, WORKSPACE_COOKIE, WORKSPACE_HEADER, WORKSPACE_LIMIT_HEADER } from '@authlab/contract';
import { parse as parseCookieHeader } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../http-error.ts';
import type { SharedCounters } from '../counters/index.ts';
import type { StageSet } from '../stage-set.ts';
import type { ClassStore, Workspace } from './class-store.ts';

/**
 * The classroom's door to the stages: a request reaches a stage only inside the workspace its
 * token opens, and only within that workspace's fair share of the server. The token comes from
 * the learner's cookie (the playground) or the AuthLab-Workspace header (the CLIs, the lab's own
 * relay), and is taken off the request before a stage sees it: a lesson's cookies and headers
 * stay exactly what the learner sent.
 */

export interface WorkspaceLimits {
  /** Requests per workspace in each `windowSeconds`: checks and attacks never come near it; a loop hammering the server does. */
  requestsPerWindow: number;
  windowSeconds: number;
  /** Requests of one workspace being answered at once. */
  maxInFlight: number;
  /** Accounts one workspace may keep on one stage (registrations past it get 429). */
  maxUsersPerStage: number;
  /** bcrypt hashes running at once in each server process, served in turn, workspace by workspace (classroom.ts's fair queue). */
  hashSlots: number;
}

export const DEFAULT_WORKSPACE_LIMITS: WorkspaceLimits = {
  requestsPerWindow: 2000,
  windowSeconds: 10,
  maxInFlight: 32,
  maxUsersPerStage: 500,
  hashSlots: 2,
};

interface Opened {
  workspace: Workspace;
  token: string;
}

const opened = new WeakMap<Request, Opened>();

/** The workspace a request opened, and the token that opened it (for the relay to pass on). */
export function openedWorkspaceOf(req: Request): Opened | undefined {
  return opened.get(req);
}

/** Takes the cookies named `names` off the request, leaving the rest as they were. */
function removeCookies(req: Request, names: ReadonlySet<string>): void {
  const cookieHeader = req.headers.cookie;
  if (cookieHeader === undefined) return;
  const others = cookieHeader
    .split(';')
    .filter((pair) => !names.has(pair.split('=')[0]?.trim() ?? ''))
    .join(';')
    .trim();
  if (others === '') delete req.headers.cookie;
  else req.headers.cookie = others;
}

const WORKSPACE_COOKIES = new Set([classroomCookieName(WORKSPACE_COOKIE, false), classroomCookieName(WORKSPACE_COOKIE, true)]);
/** The instructor's session is never a stage's business either. */
const INSTRUCTOR_COOKIES = new Set([classroomCookieName(INSTRUCTOR_COOKIE, false), classroomCookieName(INSTRUCTOR_COOKIE, true)]);

/**
 * Reads and removes the workspace token from the request: the header first, then the cookie of
 * this transport's name (over HTTPS only the `__Host-` one counts).
 */
function takeToken(req: Request): string | undefined {
  const header = req.get(WORKSPACE_HEADER);
  delete req.headers[WORKSPACE_HEADER.toLowerCase()];
  const cookieHeader = req.headers.cookie;
  const fromCookie = cookieHeader === undefined || cookieHeader.length > 8192 ? undefined : parseCookieHeader(cookieHeader)[classroomCookieName(WORKSPACE_COOKIE, req.secure)];
  removeCookies(req, WORKSPACE_COOKIES);
  return header ?? fromCookie;
}

type WorkspaceReader = (req: Request) => Promise<Workspace | undefined>;

/** Finds the workspace of a request without refusing it; for routes that also serve visitors. */
export function createWorkspaceReader(store: ClassStore): WorkspaceReader {
  return async (req) => {
    const known = opened.get(req);
    if (known !== undefined) return known.workspace;
    const token = takeToken(req);
    const workspace = token === undefined || token.length > 128 ? undefined : await store.find(token);
    if (workspace !== undefined && token !== undefined) opened.set(req, { workspace, token });
    return workspace;
  };
}

export const workspaceRequired = (): HttpError =>
  new HttpError(401, 'This is a classroom server: join the class first (open the class link), or pass your workspace token with --workspace', {
    code: 'workspace_required',
  });

/** A 429 for going past the workspace's fair share, to wait out (Retry-After: 1). */
export function workspaceBusy(reason: string): HttpError {
  return new HttpError(429, `${reason}. Wait a moment and try again; your classmates share this server.`, {
    code: 'workspace_busy',
    headers: { 'Retry-After': '1', [WORKSPACE_LIMIT_HEADER]: 'busy' },
  });
}

/** A 429 for a workspace that holds as many accounts on a stage as it may. */
export function workspaceFull(maxUsers: number): HttpError {
  return new HttpError(429, `Your workspace already has ${maxUsers} accounts on this stage: reset the stage to start again`, {
    code: 'workspace_full',
    headers: { [WORKSPACE_LIMIT_HEADER]: 'full' },
  });
}

/** Refuses a request without a valid workspace token; 401 for a missing, guessed or tampered one alike. */
export function requireWorkspace(readWorkspace: WorkspaceReader): RequestHandler {
  return async (req, _res, next) => next((await readWorkspace(req)) === undefined ? workspaceRequired() : undefined);
}

/** A request holds its place for at most this long: a process that dies mid-request frees its places by then. */
const PLACE_LEASE_MS = 120_000;

/**
 * `/stages…` of the workspace the request opened, within its share of requests: per window and in
 * flight. The account cap and the turns at bcrypt are the workspace's stage set's (classroom.ts).
 */
export function createStageGate(limits: WorkspaceLimits, counters: SharedCounters, readWorkspace: WorkspaceReader, stagesOf: (key: string) => StageSet): RequestHandler {
  const busy = (what: string): HttpError => workspaceBusy(`Your workspace is ${what}`);
  const perWorkspaceRate = rateLimit({
    windowMs: limits.windowSeconds * 1000,
    limit: limits.requestsPerWindow,
    // The stages' own RateLimit headers are part of lesson 6; the classroom's must not mix in.
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (req) => opened.get(req)?.workspace.key ?? 'none',
    store: counters.rateLimitStore('workspace-requests'),
    validate: false,
    handler: (_req, _res, next) => next(busy(`sending more than ${limits.requestsPerWindow} requests in ${limits.windowSeconds} s`)),
  });

  return async (req, res, next) => {
    const workspace = await readWorkspace(req);
    if (workspace === undefined) {
      next(workspaceRequired());
      return;
    }
    perWorkspaceRate(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(error);
        return;
      }
      counters
        .takePlace(`in-flight:${workspace.key}`, limits.maxInFlight, PLACE_LEASE_MS)
        .then((giveBack) => {
          if (giveBack === undefined) {
            next(busy(`waiting for ${limits.maxInFlight} answers already`));
            return;
          }
          let done = false;
          const finished = (): void => {
            if (done) return;
            done = true;
            giveBack();
          };
          res.on('finish', finished);
          res.on('close', finished);
          removeCookies(req, INSTRUCTOR_COOKIES);
          stagesOf(workspace.key).router(req, res, next);
        })
        .catch(next);
    });
  };
}
