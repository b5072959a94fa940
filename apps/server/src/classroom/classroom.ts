import { classroomCookieName, INSTRUCTOR_COOKIE, WORKSPACE_COOKIE, WORKSPACE_HEADER, type ClassSnapshot, type ClassroomStatus } from '@authlab/contract';
import { parse as parseCookieHeader } from 'cookie';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { SharedCounters } from '../counters/index.ts';
import type { StageSet, StageSetOptions } from '../stage-set.ts';
import type { LabDatabase } from '../store/database.ts';
import { deleteStageRowsOf, deleteWorkspaceRows } from '../store/stage-store.ts';
import { createAttackSlots, type AttackSlots } from './attack-slots.ts';
import { classSnapshot } from './class-report.ts';
import { openClassStore, type ClassStore, type Workspace } from './class-store.ts';
import { createClassStreams } from './class-streams.ts';
import { createFairQueue, QueueFullError } from './fair-queue.ts';
import { createStageGate, createWorkspaceReader, DEFAULT_WORKSPACE_LIMITS, openedWorkspaceOf, workspaceBusy, workspaceFull, type WorkspaceLimits } from './workspace-gate.ts';

/**
 * Classroom mode: one workspace per learner, one instructor, served by one process or by several
 * behind one address. The class itself (learners, join code, instructor, progress) lives in the
 * database; what must be counted across processes (request caps, attack slots) in the shared
 * counters; a change anywhere reaches every process's live streams through the counters' channel.
 * This module holds that together; classroom-routes.ts answers the HTTP routes and
 * workspace-gate.ts guards the stages.
 */

export interface ClassroomOptions {
  /** A workspace nobody has used for this long is deleted with its data (default 24 h). */
  idleMs: number;
  /** The class link's origin when learners reach the server under another one (a TLS proxy's): AUTHLAB_PUBLIC_URL. */
  publicOrigin?: string;
  /** Workspaces the class may hold at most; a join past it is refused. */
  maxWorkspaces: number;
  limits: WorkspaceLimits;
}

export const DEFAULT_CLASSROOM_OPTIONS: ClassroomOptions = {
  idleMs: 24 * 60 * 60 * 1000,
  maxWorkspaces: 200,
  limits: DEFAULT_WORKSPACE_LIMITS,
};

/** How often idle workspaces are looked for. */
const SWEEP_MS = 60_000;
/** The channel every process of the class listens on: `class` for a change to the table, `everyone` for one every learner sees, `removed:<key>`. */
const CLASS_CHANNEL = 'classroom';

export interface Classroom {
  options: ClassroomOptions;
  store: ClassStore;
  attacks: AttackSlots;
  /** The classroom's clock (a fake one in tests). */
  now(): number;
  /** The class as the instructor sees it, with links for `origin`. */
  snapshot(origin: string): Promise<ClassSnapshot>;
  /** The workspace a request's token opens (and takes the token off the request). */
  readWorkspace(req: Request): Promise<Workspace | undefined>;
  /** This process's stages of a workspace, built on first use: a learner who only reads costs no routers. */
  stagesOf(key: string): StageSet;
  /** Deletes a workspace, its progress and every row its stages stored, in whichever process. */
  removeWorkspace(key: string): Promise<boolean>;
  /** Empties every stage of a workspace, as each stage's /reset does. */
  resetWorkspace(key: string): Promise<void>;
  /** Whether the request carries a live instructor session. */
  isInstructor(req: Request): Promise<boolean>;
  /** `/stages…` inside the request's workspace, within its fair share. */
  stageGate: RequestHandler;
  /** What the lab's relay adds so that the request it forwards lands in the same workspace. */
  relayHeaders(req: Request): Record<string, string> | undefined;
  /** What a workspace's stage set needs from the class: its turn at hashing, its user cap, its headers. */
  stageOptionsFor(key: string): Pick<StageSetOptions, 'scheduleHashing' | 'userCap' | 'workspaceHeaders'>;
  status(req: Request): Promise<ClassroomStatus>;
  origin(req: Request): string;
  /** A fresh one-time instructor link. */
  instructorLink(origin: string): Promise<string>;
  /** Answers a request with a live stream: `class` snapshots for the instructor, `status` for a learner. */
  stream(req: Request, res: Response, audience: 'instructor' | 'learner'): Promise<void>;
  /** The dashboard's table changed (a report, an attack run): tell every process's dashboards. */
  progressChanged(): void;
  /** Something every learner's page shows changed (follow-me, joining open or closed). */
  everythingChanged(): void;
  setWorkspaceCookie(req: Request, res: Response, token: string): void;
  setInstructorCookie(req: Request, res: Response, session: string): void;
  /** Settles once the class exists in the database and what the last run left behind is cleared. */
  ready: Promise<void>;
  /** Stops the idle sweep and closes every stream (server shutdown, tests). */
  close(): void;
}

export interface ClassroomContext {
  database: LabDatabase;
  counters: SharedCounters;
  createStages(key: string): StageSet;
  clock: () => number;
}

export function createClassroom(options: ClassroomOptions & ClassroomContext): Classroom {
  const { database, counters } = options;
  const store = openClassStore(database, options.clock);
  const attacks = createAttackSlots(counters, options.clock);
  const hashing = createFairQueue({ slots: options.limits.hashSlots, maxWaitingPerOwner: options.limits.maxInFlight });
  const readWorkspace = createWorkspaceReader(store);
  const built = new Map<string, StageSet>();

  const snapshot = async (origin: string): Promise<ClassSnapshot> => classSnapshot(store, { idleMs: options.idleMs, origin, attacks });
  const streams = createClassStreams({ snapshot, status });
  const unsubscribe = counters.subscribe(CLASS_CHANNEL, (message) => {
    if (message === 'class') streams.classChanged();
    else if (message === 'everyone') streams.everythingChanged();
    else if (message.startsWith('removed:')) forgetStages(message.slice('removed:'.length));
    else if (message.startsWith('reset:'))
      built
        .get(message.slice('reset:'.length))
        ?.forget()
        .catch((error: unknown) => console.error('resetting a workspace failed:', error));
  });
  const announce = (message: string): void => counters.publish(CLASS_CHANNEL, message);

  function forgetStages(key: string): void {
    built.get(key)?.dispose();
    built.delete(key);
    streams.everythingChanged();
  }

  async function removeWorkspace(key: string): Promise<boolean> {
    const removed = await store.remove(key);
    if (!removed) return false;
    // Every process drops its routers and its counters' memory; the rows go once, here.
    await deleteStageRowsOf(database, key);
    await attacks.forget(key);
    announce(`removed:${key}`);
    return true;
  }

  async function sweep(): Promise<void> {
    for (const key of await store.idleSince(options.clock() - options.idleMs)) await removeWorkspace(key);
    // Rows a removed workspace's last requests wrote after it was deleted, in any process.
    await deleteWorkspaceRows(
      database,
      (await store.list()).map((workspace) => workspace.key),
    );
  }
  const sweeping = setInterval(() => {
    // A failed sweep (the database briefly away) is retried at the next one; nothing waits on it.
    sweep().catch((error: unknown) => console.error('classroom sweep failed:', error));
  }, SWEEP_MS);
  sweeping.unref();

  function relayHeaders(req: Request): Record<string, string> | undefined {
    const token = openedWorkspaceOf(req)?.token;
    return token === undefined ? undefined : { [WORKSPACE_HEADER]: token };
  }

  async function isInstructor(req: Request): Promise<boolean> {
    const header = req.headers.cookie;
    if (header === undefined || header.length > 8192) return false;
    const session = parseCookieHeader(header)[classroomCookieName(INSTRUCTOR_COOKIE, req.secure)];
    return session !== undefined && session.length <= 128 && (await store.isInstructor(session));
  }

  async function status(req: Request): Promise<ClassroomStatus> {
    // A stream's request was read once when it opened; a removed workspace must read as gone.
    const opened = openedWorkspaceOf(req)?.workspace ?? (await readWorkspace(req));
    const workspace = opened === undefined ? undefined : await store.byKey(opened.key);
    const [{ joinCode, follow }, instructor] = await Promise.all([store.status(), isInstructor(req)]);
    return {
      mode: 'classroom',
      joinOpen: joinCode !== null,
      follow,
      idleDeleteHours: options.idleMs / 3_600_000,
      learner:
        workspace === undefined
          ? null
          : {
              displayName: workspace.displayName,
              joinedAt: new Date(workspace.createdAtMs).toISOString(),
              deletesAfterIdleAt: new Date(workspace.lastActiveAtMs + options.idleMs).toISOString(),
            },
      instructor,
    };
  }

  function origin(req: Request): string {
    return options.publicOrigin ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  }

  function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
    const cookie: CookieOptions = { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: maxAgeMs };
    res.cookie(classroomCookieName(name, req.secure), value, cookie);
  }

  const stagesOf = (key: string): StageSet => {
    let stages = built.get(key);
    if (stages === undefined) built.set(key, (stages = options.createStages(key)));
    return stages;
  };

  return {
    options,
    store,
    attacks,
    now: options.clock,
    snapshot,
    readWorkspace,
    stagesOf,
    removeWorkspace,
    async resetWorkspace(key) {
      await deleteStageRowsOf(database, key);
      // This process at once; the others (their rate-limit memory, demo clocks) when the message arrives.
      await built.get(key)?.forget();
      announce(`reset:${key}`);
    },
    isInstructor,
    stageGate: createStageGate(options.limits, counters, readWorkspace, stagesOf),
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
    async instructorLink(linkOrigin) {
      return `${linkOrigin}/#/instructor/${await store.issueInstructorSecret()}`;
    },
    async stream(req, res, audience) {
      await streams.open(req, res, audience === 'instructor' ? { instructor: origin(req) } : { learner: openedWorkspaceOf(req)?.workspace.key ?? '' });
    },
    progressChanged: () => announce('class'),
    everythingChanged: () => announce('everyone'),
    setWorkspaceCookie(req, res, token) {
      setCookie(req, res, WORKSPACE_COOKIE, token, options.idleMs);
    },
    setInstructorCookie(req, res, session) {
      setCookie(req, res, INSTRUCTOR_COOKIE, session, 12 * 60 * 60 * 1000);
    },
    ready: store.ready.then(sweep),
    close() {
      clearInterval(sweeping);
      unsubscribe();
      streams.close();
    },
  };
}
