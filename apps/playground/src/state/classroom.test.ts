import type { ClassroomStatus } from '@authlab/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';

const LEARNER = { displayName: 'Ada', joinedAt: '2026-12-03T12:00:00.000Z', deletesAfterIdleAt: '2026-12-04T12:00:00.000Z' };
const classroom = (learner: typeof LEARNER | null): ClassroomStatus => ({ mode: 'classroom', joinOpen: true, follow: null, idleDeleteHours: 24, learner, instructor: false });

interface Browser {
  /** Every address the page put in place of the current one. */
  replaced: string[];
  /** Every request, as `METHOD url body`. */
  sent: string[];
}

/** A page at `hash` on a lab answering `GET /api/classroom` with `status`; the stream is a stub. */
function fakeBrowser(hash: string, status: ClassroomStatus, answers: Record<string, Response[]> = {}): Browser {
  const browser: Browser = { replaced: [], sent: [] };
  const location = { hash, origin: 'http://127.0.0.1:3000' };
  vi.stubGlobal('window', {
    location,
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => {
        browser.replaced.push(url);
        location.hash = url;
      },
    },
    addEventListener: () => undefined,
  });
  vi.stubGlobal(
    'EventSource',
    class {
      static CLOSED = 2;
      addEventListener(): void {}
      close(): void {}
    },
  );
  vi.stubGlobal('fetch', (requested: string, init?: RequestInit) => {
    // Same-origin either way: the page's own calls are relative, the attack slot's absolute.
    const url = requested.replace(/^https?:\/\/[^/]+/, '');
    browser.sent.push(`${init?.method ?? 'GET'} ${url}${typeof init?.body === 'string' ? ` ${init.body}` : ''}`);
    const planned = answers[url]?.shift();
    if (planned !== undefined) return Promise.resolve(planned);
    if (url === '/api/classroom') return Promise.resolve(Response.json(status));
    if (url === '/api/classroom/attack-runs') return Promise.resolve(Response.json({ id: 'slot1', until: '2026-12-03T12:01:30.000Z' }, { status: 201 }));
    return Promise.resolve(new Response(null, { status: 204 }));
  });
  return browser;
}

async function start(): Promise<typeof import('./classroom.ts')> {
  vi.resetModules();
  const module = await import('./classroom.ts');
  module.startClassroom();
  return module;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('an instructor link', () => {
  it('leaves the address bar before any request is sent, then signs in with its secret', async () => {
    const browser = fakeBrowser('#/instructor/s3cr3t', classroom(null));
    await start();
    expect(browser.replaced).toEqual(['#/instructor']);
    await vi.waitFor(() => expect(browser.sent).toContain('POST /api/classroom/instructor/session {"secret":"s3cr3t"}'));
  });
});

describe('a resume link', () => {
  it('leaves the address bar at once, asks the lab whose workspace it opens, and binds it only on a yes', async () => {
    const confirm = Response.json({ error: "This link opens Ada's workspace. Open it here only if it is yours.", code: 'confirm_resume' }, { status: 409 });
    const browser = fakeBrowser('#/resume/tok_en', classroom(null), { '/api/classroom/resume': [confirm] });
    const module = await start();
    expect(browser.replaced).toEqual(['#/resume']);
    await vi.waitFor(() => expect(browser.sent).toContain('POST /api/classroom/resume {"token":"tok_en"}'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(browser.sent.filter((request) => request.includes('"replace":true'))).toEqual([]);
    module.answerResumeSwitch({ switchWorkspace: true });
    await vi.waitFor(() => expect(browser.sent).toContain('POST /api/classroom/resume {"token":"tok_en","replace":true}'));
  });

  it('asks before it replaces the workspace this browser has, and switches only on a yes', async () => {
    const alreadyJoined = Response.json({ error: "This link opens Bo's workspace. Open it here only if it is yours.", code: 'confirm_resume' }, { status: 409 });
    const browser = fakeBrowser('#/resume/tok_en', classroom(LEARNER), { '/api/classroom/resume': [alreadyJoined] });
    const module = await start();
    await vi.waitFor(() => expect(browser.sent).toContain('POST /api/classroom/resume {"token":"tok_en"}'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    module.answerResumeSwitch({ switchWorkspace: true });
    await vi.waitFor(() => expect(browser.sent).toContain('POST /api/classroom/resume {"token":"tok_en","replace":true}'));
  });

  it('keeps this browser’s workspace on a no', async () => {
    const alreadyJoined = Response.json({ error: 'whose', code: 'confirm_resume' }, { status: 409 });
    const browser = fakeBrowser('#/resume/tok_en', classroom(LEARNER), { '/api/classroom/resume': [alreadyJoined] });
    const module = await start();
    await vi.waitFor(() => expect(browser.sent).toContain('POST /api/classroom/resume {"token":"tok_en"}'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    module.answerResumeSwitch({ switchWorkspace: false });
    module.answerResumeSwitch({ switchWorkspace: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(browser.sent.filter((request) => request.startsWith('POST /api/classroom/resume'))).toHaveLength(1);
  });

  it('is never sent to a lab that is not a classroom', async () => {
    const browser = fakeBrowser('#/resume/tok_en', { mode: 'local' });
    await start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(browser.sent).toEqual(['GET /api/classroom']);
  });
});

describe('reportProgress', () => {
  const report = { kind: 'quiz', lesson: 'intro', correct: 1, total: 3 } as const;

  it('sends nothing on a local lab or before joining', async () => {
    for (const status of [{ mode: 'local' } as const, classroom(null)]) {
      const browser = fakeBrowser('#/intro', status);
      const module = await start();
      await vi.waitFor(() => expect(browser.sent).toEqual(['GET /api/classroom']));
      await new Promise((resolve) => setTimeout(resolve, 10));
      module.reportProgress(report);
      expect(browser.sent).toEqual(['GET /api/classroom']);
    }
  });

  it('reports for a learner with a workspace', async () => {
    const browser = fakeBrowser('#/intro', classroom(LEARNER));
    const module = await start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    module.reportProgress(report);
    expect(browser.sent).toContain(`POST /api/classroom/progress ${JSON.stringify(report)}`);
  });
});

describe('withAttackSlot', () => {
  const attack = { attack: 'brute-force', stage: 'plaintext' };

  it('holds the workspace’s attack slot for the whole run in a classroom, and gives it back', async () => {
    const browser = fakeBrowser('#/intro', classroom(LEARNER));
    const module = await start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const during = await module.withAttackSlot(attack, () => Promise.resolve([...browser.sent]));
    expect(during.at(-1)).toBe(`POST /api/classroom/attack-runs ${JSON.stringify(attack)}`);
    await vi.waitFor(() => expect(browser.sent.at(-1)).toBe('POST /api/classroom/attack-runs/slot1/end'));
  });

  it('gives the slot back when the run fails', async () => {
    const browser = fakeBrowser('#/intro', classroom(LEARNER));
    const module = await start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(module.withAttackSlot(attack, () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    await vi.waitFor(() => expect(browser.sent.at(-1)).toBe('POST /api/classroom/attack-runs/slot1/end'));
  });

  it('asks for nothing on a local lab', async () => {
    const browser = fakeBrowser('#/intro', { mode: 'local' });
    const module = await start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await module.withAttackSlot(attack, () => Promise.resolve('ran'))).toBe('ran');
    expect(browser.sent).toEqual(['GET /api/classroom']);
  });
});
