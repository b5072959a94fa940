/**
 * The learner's classroom routes (`/api/classroom/...`): joining, moving a workspace to another
 * browser, progress for the instructor's table, the status stream; and the plumbing the
 * instructor's routes (instructor.ts) share. Same-origin requests with the browser's default
 * credentials, so the HttpOnly workspace and instructor cookies ride along.
 */
import type { ClassroomStatus, JoinRequest, ProgressReport } from '@authlab/contract';

/** A refusal from the lab, with its stable `code` (`wrong_join_code`, `join_closed`, …) for the page to explain. */
export class ClassroomError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(message: string, options: { status: number; code?: string }) {
    super(message);
    this.status = options.status;
    this.code = options.code;
  }
}

export async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (response.ok) return response;
  const answer = (await response.json().catch(() => undefined)) as { error?: unknown; code?: unknown } | undefined;
  throw new ClassroomError(typeof answer?.error === 'string' ? answer.error : `${method} ${path} answered ${response.status}`, {
    status: response.status,
    ...(typeof answer?.code === 'string' ? { code: answer.code } : {}),
  });
}

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Gives this browser a workspace (the lab sets its cookie). */
export async function joinClass(request: JoinRequest): Promise<void> {
  await send('POST', '/api/classroom/join', request);
}

/** A link that opens this browser's workspace in another browser. */
export async function createResumeLink(): Promise<string> {
  return (await json<{ link: string }>(await send('POST', '/api/classroom/resume-link'))).link;
}

/**
 * Binds the workspace of a resume link to this browser. Without `replace` the lab only answers
 * 409 `confirm_resume`, naming whose workspace it is; `replace` is sent once the learner said yes.
 */
export async function resumeWorkspace(token: string, options: { replace: boolean }): Promise<void> {
  await send('POST', '/api/classroom/resume', { token, ...(options.replace ? { replace: true } : {}) });
}

/**
 * What the instructor's table shows of this learner. Fire and forget: a lost report costs one
 * cell of the table, while an error here must never get in the learner's way.
 */
export function sendProgress(report: ProgressReport): void {
  void send('POST', '/api/classroom/progress', report).catch(() => undefined);
}

/** Trades the one-time secret of an instructor link for the instructor's cookie. */
export async function signInInstructor(secret: string): Promise<void> {
  await send('POST', '/api/classroom/instructor/session', { secret });
}

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * Listens to a server-sent event stream: `onData` gets each `event` parsed, `onState` how the
 * connection is doing. EventSource reconnects by itself after a drop; it gives up (closed)
 * when the lab refuses the stream, e.g. once the workspace or session is gone.
 */
export function listen<T>(path: string, event: string, handlers: { onData: (data: T) => void; onState?: (state: StreamState) => void }): () => void {
  const source = new EventSource(path);
  handlers.onState?.('connecting');
  source.addEventListener('open', () => handlers.onState?.('live'));
  source.addEventListener('error', () => handlers.onState?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
  source.addEventListener(event, (message) => {
    try {
      handlers.onData(JSON.parse((message as MessageEvent<string>).data) as T);
    } catch {
      // A malformed event is skipped; the next one carries the whole state again.
    }
  });
  return () => source.close();
}

export function listenToStatus(onStatus: (status: ClassroomStatus) => void): () => void {
  return listen<ClassroomStatus>('/api/classroom/events', 'status', { onData: onStatus });
}
