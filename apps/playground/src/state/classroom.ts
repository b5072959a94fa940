/**
 * This browser's place in a classroom: the lab's `ClassroomStatus`, kept live by the `status`
 * event stream while the browser has a workspace, and the hand-over of a resume or instructor
 * link's credential, taken out of the address bar as soon as the page starts. On a local lab
 * (`npm start`) the status says so and nothing else happens: one request, no stream.
 */
import { holdingAttackSlot, type ClassroomStatus, type ProgressReport } from '@authlab/contract';
import { ClassroomError, listenToStatus, resumeWorkspace, sendProgress, signInInstructor } from '../api/classroom.ts';
import { fetchClassroomStatus } from '../api/client.ts';
import { parseClassroomRoute, withoutCredential } from '../lib/classroom-routes.ts';
import { createStore, useStore } from '../lib/store.ts';
import { replaceRoute, routeOf } from '../router.ts';

export type HandoffKind = 'resume' | 'instructor';

export type Handoff =
  | { phase: 'pending' }
  | { phase: 'done' }
  | { phase: 'failed'; error: ClassroomError | Error }
  /** A resume link waits for the learner's yes: the lab's message says whose workspace it opens. */
  | { phase: 'confirm'; message: string }
  | { phase: 'declined' };

/** Undefined until the lab has answered `GET /api/classroom`. */
const status = createStore<ClassroomStatus | undefined>(undefined);
const handoffs = createStore<Partial<Record<HandoffKind, Handoff>>>({});
let started: Promise<ClassroomStatus> | undefined;
let stopListening: (() => void) | undefined;
/** The token of the resume link being handed over, kept until the learner says whether to switch. */
let resumeToken: string | undefined;

/** Reads the status once and takes any credential out of the address. Safe to call again. */
export function startClassroom(): void {
  if (started !== undefined) return;
  started = fetchClassroomStatus().catch((): ClassroomStatus => ({ mode: 'local' }));
  void started.then(applyStatus);
  takeCredentialFromAddress();
  window.addEventListener('hashchange', takeCredentialFromAddress);
}

export function useClassroomStatus(): ClassroomStatus | undefined {
  return useStore(status);
}

export function useHandoff(kind: HandoffKind): Handoff | undefined {
  return useStore(handoffs, (all) => all[kind]);
}

/** Asks the lab again, e.g. after joining: the cookie it set changes the answer. */
export async function refreshClassroomStatus(): Promise<void> {
  applyStatus(await fetchClassroomStatus());
}

/** Reports progress for the instructor's table: only in a classroom, only with a workspace. */
export function reportProgress(report: ProgressReport): void {
  const current = status.get();
  if (current?.mode === 'classroom' && current.learner !== null) sendProgress(report);
}

/**
 * Runs `run` holding the workspace's one attack slot, in a classroom: two runs at once (another
 * tab, the CLI) would reset each other's stage, and the dashboard shows who attacks what. A held
 * slot fails the run with the lab's reason. Elsewhere it just runs.
 */
export async function withAttackSlot<T>(attack: { attack: string; stage: string }, run: () => Promise<T>): Promise<T> {
  const current = status.get();
  if (current?.mode !== 'classroom' || current.learner === null) return run();
  // Same-origin with the default credentials: the workspace cookie rides along.
  return holdingAttackSlot({ origin: window.location.origin, fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }), run: attack }, run);
}

function applyStatus(next: ClassroomStatus): void {
  status.set(next);
  const learner = next.mode === 'classroom' && next.learner !== null;
  // The stream needs the workspace cookie; without a workspace there is nothing to follow.
  if (learner && stopListening === undefined) stopListening = listenToStatus(applyStatus);
  if (!learner && stopListening !== undefined) {
    stopListening();
    stopListening = undefined;
  }
}

/**
 * A resume token or an instructor secret must not stay in the address bar or the history: it is
 * replaced at once, kept in memory, and sent once the lab has said it is a classroom.
 */
function takeCredentialFromAddress(): void {
  const route = parseClassroomRoute(routeOf(window.location.hash));
  const clean = route === undefined ? undefined : withoutCredential(route);
  if (route === undefined || clean === undefined) return;
  replaceRoute(clean);
  if (route.kind === 'resume') {
    resumeToken = route.token;
    void resume({ replace: false });
  }
  if (route.kind === 'instructor') void handOver('instructor', () => signInInstructor(route.secret));
}

function resume(options: { replace: boolean }): Promise<void> {
  const token = resumeToken;
  if (token === undefined) return Promise.resolve();
  return handOver('resume', async () => {
    await resumeWorkspace(token, options);
    resumeToken = undefined;
    await refreshClassroomStatus();
  });
}

/** The learner's answer to "this link opens <name>'s workspace: open it here?". */
export function answerResumeSwitch(options: { switchWorkspace: boolean }): void {
  if (options.switchWorkspace) {
    void resume({ replace: true });
    return;
  }
  resumeToken = undefined;
  handoffs.set((previous) => ({ ...previous, resume: { phase: 'declined' } }));
}

async function handOver(kind: HandoffKind, send: () => Promise<void>): Promise<void> {
  const update = (handoff: Handoff): void => handoffs.set((previous) => ({ ...previous, [kind]: handoff }));
  update({ phase: 'pending' });
  const mode = await (started ?? Promise.resolve<ClassroomStatus>({ mode: 'local' }));
  if (mode.mode !== 'classroom') {
    update({ phase: 'failed', error: new Error('This lab is not running as a classroom.') });
    return;
  }
  try {
    await send();
    update({ phase: 'done' });
  } catch (caught) {
    if (caught instanceof ClassroomError && caught.code === 'confirm_resume') update({ phase: 'confirm', message: caught.message });
    else update({ phase: 'failed', error: caught instanceof Error ? caught : new Error(String(caught)) });
  }
}
