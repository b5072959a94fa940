import { classroomCookieName, INSTRUCTOR_COOKIE, WORKSPACE_COOKIE, WORKSPACE_HEADER, type ClassSnapshot, type ClassroomStatus } from '@authlab/contract';
import { parse as parseCookieHeader } from 'cookie';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { StageSet, StageSetOptions } from '../stage-set.ts';
import { createAttackSlots, type AttackSlots } from './attack-slots.ts';
import { createClassState, type ClassState } from './class-state.ts';
import { classSnapshot } from './class-report.ts';
import { createClassStreams } from './class-streams.ts';
import { createFairQueue, QueueFullError } from './fair-queue.ts';
import { createStageGate, createWorkspaceReader, DEFAULT_WORKSPACE_LIMITS, openedWorkspaceOf, workspaceBusy, workspaceFull, type WorkspaceLimits } from './workspace-gate.ts';
import { createWorkspaceRegistry, type Workspace, type WorkspaceRegistry } from './workspace-registry.ts';

/**
 * Classroom mode: one server, one workspace per learner, one instructor. This module holds the
 * class together (registry, instructor state, live streams, idle deletion); classroom-routes.ts
 * answers its HTTP routes and workspace-gate.ts guards the stages.
 */

export interface ClassroomOptions {
  /** A workspace nobody has used for this long is deleted with its data (default 24 h). */
  idleMs: number;
  /** The class link's origin when learners reach the server under another one (a TLS proxy's): AUTHLAB_PUBLIC_URL. */
  publicOrigin?: string;
  /** Workspaces the class may hold at most; a join past it is refused. */
  maxWorkspaces: number;
  limits: WorkspaceLimits;
  /** Deletes the stored rows of every workspace but these (app.ts: deleteWorkspaceRows). */
  deleteRowsExcept?: (keys: readonly string[]) => Promise<void>;
}

export const DEFAULT_CLASSROOM_OPTIONS: ClassroomOptions = {
  idleMs: 24 * 60 * 60 * 1000,
  maxWorkspaces: 200,
  limits: DEFAULT_WORKSPACE_LIMITS,
};

/** How often idle workspaces are looked for. */
const SWEEP_MS = 60_000;

export interface Classroom {
  options: ClassroomOptions;
  registry: WorkspaceRegistry;
  state: ClassState;
  attacks: AttackSlots;
  /** The classroom's clock (a fake one in tests). */
  now(): number;
  /** The class as the instructor sees it, with links for `origin`. */
  snapshot(origin: string): ClassSnapshot;
  /** The workspace a request's token opens (and takes the token off the request). */
  readWorkspace(req: Request): Workspace | undefined;
  /** Whether the request carries a live instructor session. */
  isInstructor(req: Request): boolean;
  /** `/stages…` inside the request's workspace, within its fair share. */
  stageGate: RequestHandler;
  /** What the lab's relay adds so that the request it forwards lands in the same workspace. */
  relayHeaders(req: Request): Record<string, string> | undefined;
  /** What a workspace's stage set needs from the class: its turn at hashing, its user cap, its headers. */
  stageOptionsFor(key: string): Pick<StageSetOptions, 'scheduleHashing' | 'userCap' | 'workspaceHeaders'>;
  status(req: Request): ClassroomStatus;
  origin(req: Request): string;
  /** A fresh one-time instructor link. */
  instructorLink(origin: string): string;
  /** Answers a request with a live stream: `class` snapshots for the instructor, `status` for a learner. */
  stream(req: Request, res: Response, audience: 'instructor' | 'learner'): void;
  /** Someone's progress changed: tell the dashboard. */
  progressChanged(): void;
  setWorkspaceCookie(req: Request, res: Response, token: string): void;
  setInstructorCookie(req: Request, res: Response, session: string): void;
  /** Stops the idle sweep and closes every stream (server shutdown, tests). */
  close(): void;
}

export function createClassroom(options: ClassroomOptions & { createStages(key: string): StageSet; clock: () => number }): Classroom {
  const snapshot = (origin: string): ClassSnapshot => classSnapshot(registry, state, { idleMs: options.idleMs, origin, attacks });
  const streams = createClassStreams({ snapshot, status });
  const changed = (): void => streams.everythingChanged();

  const attacks = createAttackSlots(options.clock);
  const hashing = createFairQueue({ slots: options.limits.hashSlots, maxWaitingPerOwner: options.limits.maxInFlight });
  const registry = createWorkspaceRegistry({
    createStages: options.createStages,
    clock: options.clock,
    idleMs: options.idleMs,
    onChange: (removedKey) => {
      if (removedKey !== undefined) attacks.forget(removedKey);
      changed();
    },
  });
  const state = createClassState({ clock: options.clock, onChange: changed });
  const readWorkspace = createWorkspaceReader(registry);
  const sweep = setInterval(() => {
    registry.sweepIdle();
    // A failed sweep (the database briefly away) is retried at the next one; nothing waits on it.
    options.deleteRowsExcept?.(registry.list().map((workspace) => workspace.key)).catch((error: unknown) => console.error('classroom sweep failed:', error));
  }, SWEEP_MS);
  sweep.unref();

  function relayHeaders(req: Request): Record<string, string> | undefined {
    const token = openedWorkspaceOf(req)?.token;
    return token === undefined ? undefined : { [WORKSPACE_HEADER]: token };
  }

  function isInstructor(req: Request): boolean {
    const header = req.headers.cookie;
    if (header === undefined || header.length > 8192) return false;
    const session = parseCookieHeader(header)[classroomCookieName(INSTRUCTOR_COOKIE, req.secure)];
    return session !== undefined && session.length <= 128 && state.isInstructor(session);
  }

  function status(req: Request): ClassroomStatus {
    // A stream's request was read once when it opened; a removed workspace must read as gone.
    const opened = openedWorkspaceOf(req)?.workspace ?? readWorkspace(req);
    const workspace = opened !== undefined && registry.byKey(opened.key) === opened ? opened : undefined;
    return {
      mode: 'classroom',
      joinOpen: state.joinCode !== null,
      follow: state.follow,
      idleDeleteHours: options.idleMs / 3_600_000,
      learner:
        workspace === undefined
          ? null
          : {
              displayName: workspace.displayName,
              joinedAt: new Date(workspace.createdAtMs).toISOString(),
              deletesAfterIdleAt: new Date(workspace.lastActiveAtMs + options.idleMs).toISOString(),
            },
      instructor: isInstructor(req),
    };
  }

  function origin(req: Request): string {
    return options.publicOrigin ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  }

  function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
    const cookie: CookieOptions = { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: maxAgeMs };
    res.cookie(classroomCookieName(name, req.secure), value, cookie);
  }

  return {
    options,
    registry,
    state,
    attacks,
    now: options.clock,
    snapshot,
    readWorkspace,
    isInstructor,
    stageGate: createStageGate(options.limits, readWorkspace),
    relayHeaders,
    stageOptionsFor(key) {
      return {
        scheduleHashing: async (work) => {
          try {
            return await hashing.run(key, work);
          } catch (error) {
            throw error instanceof QueueFullError ? workspaceBusy('Your workspace is waiting for too many password hashes already') : error;
          }
        },
        userCap: { max: options.limits.maxUsersPerStage, refusal: () => workspaceFull(options.limits.maxUsersPerStage) },
        workspaceHeaders: relayHeaders,
      };
    },
    status,
    origin,
    instructorLink(linkOrigin) {
      return `${linkOrigin}/#/instructor/${state.issueInstructorSecret()}`;
    },
    stream(req, res, audience) {
      streams.open(req, res, audience === 'instructor' ? { instructor: origin(req) } : { learner: openedWorkspaceOf(req)?.workspace.key ?? '' });
    },
    progressChanged: () => streams.classChanged(),
    setWorkspaceCookie(req, res, token) {
      setCookie(req, res, WORKSPACE_COOKIE, token, options.idleMs);
    },
    setInstructorCookie(req, res, session) {
      setCookie(req, res, INSTRUCTOR_COOKIE, session, 12 * 60 * 60 * 1000);
    },
    close() {
      clearInterval(sweep);
      streams.close();
    },
  };
}
