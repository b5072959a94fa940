import {
  followRequestSchema,
  instructorSignInSchema,
  joinCodeActionSchema,
  joinRequestSchema,
  progressReportSchema,
  resumeRequestSchema,
  STAGE_IDS,
  attackRunRequestSchema,
  type AttackRunLease,
  type ClassroomStatus,
} from '@authlab/contract';
import { Router, type Request, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../http-error.ts';
import { jsonBody, parseBody } from '../input.ts';
import type { SharedCounters } from '../counters/index.ts';
import { classCsv, classLink } from './class-report.ts';
import { joinCodeMatches } from './class-store.ts';
import type { Classroom } from './classroom.ts';
import { openedWorkspaceOf, workspaceRequired } from './workspace-gate.ts';

/**
 * `/api/classroom`: joining, resuming, progress and the live status for learners; the
 * dashboard's routes under `/instructor`, for the instructor only (401 for a visitor, 403 for a
 * learner). The cross-site guard in front of `/api` already refuses other sites' POSTs.
 */

/** What a local lab answers at `GET /api/classroom`, so the playground knows to stay as it is. */
export const localClassroomStatus: RequestHandler = (_req, res) => {
  const status: ClassroomStatus = { mode: 'local' };
  res.json(status);
};

/**
 * Wrong guesses at a join code, a resume link or an instructor link: 100 per address in 10
 * minutes, counted per route and only when the guess was wrong (a mistyped name is no guess).
 * A whole class behind one school NAT shares an address and mistypes codes; 100 guesses at a
 * code of 31⁸ (about 8.5·10¹¹) leave an attacker nothing, the class can still join, and no
 * learner's typos can lock the instructor out.
 */
function wrongGuessLimiter(what: string, counters: SharedCounters): RequestHandler {
  return rateLimit({
    store: counters.rateLimitStore(`wrong-guesses:${what}`),
    windowMs: 10 * 60 * 1000,
    limit: 100,
    // Only a wrong code, link or secret is a guess: a closed class, a full one or a mistyped name is not.
    requestWasSuccessful: (_req, res) => res.locals.wrongGuess !== true,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, `Too many wrong ${what} from your address: wait ten minutes`, { code: 'rate_limited' })),
  });
}

/** Quizzes one learner may report: every page with a quiz fits, with room to spare. */
const MAX_QUIZZES = 32;

export function createClassroomRouter(classroom: Classroom, counters: SharedCounters): Router {
  const { store } = classroom;
  const router = Router({ caseSensitive: true, strict: true });
  const joinGuesses = wrongGuessLimiter('join codes', counters);
  const resumeGuesses = wrongGuessLimiter('resume links', counters);
  const instructorGuesses = wrongGuessLimiter('instructor links', counters);

  const ownWorkspace = async (req: Request) => {
    const workspace = await classroom.readWorkspace(req);
    if (workspace === undefined) throw workspaceRequired();
    return workspace;
  };

  router.get('/', async (req, res) => {
    const workspace = await classroom.readWorkspace(req);
    const token = openedWorkspaceOf(req)?.token;
    // Each visit pushes the cookie's expiry along with the workspace's idle deadline.
    if (workspace !== undefined && token !== undefined) classroom.setWorkspaceCookie(req, res, token);
    res.json(await classroom.status(req));
  });

  router.get('/events', async (req, res) => {
    await ownWorkspace(req);
    await classroom.stream(req, res, 'learner');
  });

  router.post('/join', joinGuesses, jsonBody, async (req, res) => {
    const { displayName, joinCode } = parseBody(req, joinRequestSchema);
    if ((await classroom.readWorkspace(req)) !== undefined) {
      throw new HttpError(409, 'This browser already has a workspace in this class', { code: 'already_joined' });
    }
    // One read of the class: whether joining is open, and the code to compare with.
    const current = (await store.status()).joinCode;
    if (current === null) throw new HttpError(403, 'Joining is closed: ask your instructor to open it again', { code: 'join_closed' });
    if (!joinCodeMatches(joinCode, current)) {
      res.locals.wrongGuess = true;
      throw new HttpError(403, 'That is not the join code of this class', { code: 'wrong_join_code' });
    }
    const { maxWorkspaces } = classroom.options;
    const { token } = await store.join(displayName, {
      max: maxWorkspaces,
      refusal: () => new HttpError(403, `The class is full (${maxWorkspaces} workspaces)`, { code: 'class_full' }),
    });
    classroom.setWorkspaceCookie(req, res, token);
    classroom.progressChanged();
    res.status(201).json({ displayName });
  });

  router.post('/resume', resumeGuesses, jsonBody, async (req, res) => {
    const { token, replace } = parseBody(req, resumeRequestSchema);
    const current = await classroom.readWorkspace(req);
    const target = await store.find(token);
    if (target === undefined) {
      res.locals.wrongGuess = true;
      throw new HttpError(401, 'That resume link opens no workspace: it was deleted after idling, removed by the instructor, or the class started over', {
        code: 'workspace_required',
      });
    }
    // A link someone sent must never quietly put this browser in their workspace, where they could
    // read whatever it is given: the page shows whose workspace it is and sends replace: true
    // only once the learner says yes.
    if (replace !== true) {
      const leaving = current === undefined || current.key === target.key ? '' : ` This browser's own workspace (${current.displayName}'s) stays open to its resume link.`;
      throw new HttpError(409, `This link opens ${target.displayName}'s workspace. Open it here only if it is yours.${leaving}`, { code: 'confirm_resume' });
    }
    classroom.setWorkspaceCookie(req, res, token);
    res.status(204).end();
  });

  router.post('/resume-link', async (req, res) => {
    await ownWorkspace(req);
    const token = openedWorkspaceOf(req)?.token ?? '';
    res.json({ link: `${classroom.origin(req)}/#/resume/${token}` });
  });

  router.post('/progress', jsonBody, async (req, res) => {
    const { key } = await ownWorkspace(req);
    const report = parseBody(req, progressReportSchema);
    const at = new Date(classroom.now()).toISOString();
    if (report.kind === 'checks') {
      const verdicts = Object.entries(report.verdicts);
      const passed = verdicts.filter(([, verdict]) => verdict === 'pass').map(([id]) => id);
      const count = (verdict: string): number => verdicts.filter(([, given]) => given === verdict).length;
      await store.reportStage(key, report.stage, { pass: passed.length, fail: count('fail'), notApplicable: count('n/a'), passed, at });
    } else {
      if (report.correct > report.total) throw new HttpError(400, 'correct must not exceed total', { code: 'invalid_input' });
      // Past MAX_QUIZZES a new quiz is not recorded: the report is still answered, as before.
      await store.reportQuiz(key, report.lesson, { correct: report.correct, total: report.total, at }, MAX_QUIZZES);
    }
    classroom.progressChanged();
    res.status(204).end();
  });

  router.post('/attack-runs', jsonBody, async (req, res) => {
    const { key } = await ownWorkspace(req);
    const answer = await classroom.attacks.take(key, parseBody(req, attackRunRequestSchema));
    if ('held' in answer) {
      const { attack, stage, untilMs } = answer.held;
      const seconds = Math.max(1, Math.ceil((untilMs - classroom.now()) / 1000));
      const what = `${attack === 'all' ? 'every attack' : attack} on ${stage === 'all' ? 'every stage' : stage}`;
      throw new HttpError(429, `An attack run (${what}) is already going in your workspace, maybe in another tab or terminal: wait for it to finish`, {
        code: 'attack_running',
        headers: { 'Retry-After': String(Math.min(seconds, 90)) },
      });
    }
    classroom.progressChanged();
    const lease: AttackRunLease = { id: answer.taken.id, until: new Date(answer.taken.untilMs).toISOString() };
    res.status(201).json(lease);
  });

  router.post('/attack-runs/:id/renew', async (req, res) => {
    const { key } = await ownWorkspace(req);
    const slot = await classroom.attacks.renew(key, String(req.params.id));
    if (slot === undefined) throw new HttpError(404, 'No such attack run in your workspace (it ended, or its lease ran out)', { code: 'not_found' });
    const lease: AttackRunLease = { id: slot.id, until: new Date(slot.untilMs).toISOString() };
    res.json(lease);
  });

  router.post('/attack-runs/:id/end', async (req, res) => {
    const { key } = await ownWorkspace(req);
    if (!(await classroom.attacks.end(key, String(req.params.id)))) throw new HttpError(404, 'No such attack run in your workspace', { code: 'not_found' });
    classroom.progressChanged();
    res.status(204).end();
  });

  router.post('/instructor/session', instructorGuesses, jsonBody, async (req, res) => {
    const { secret } = parseBody(req, instructorSignInSchema);
    const session = await store.redeemInstructorSecret(secret);
    if (session === undefined) {
      res.locals.wrongGuess = true;
      throw new HttpError(
        401,
        'This instructor link was already used or was never issued by this server: restart the classroom or use "New instructor link" on an open dashboard',
        {
          code: 'instructor_required',
        },
      );
    }
    classroom.setInstructorCookie(req, res, session);
    res.status(204).end();
  });

  const instructor = Router({ caseSensitive: true, strict: true });
  instructor.use(async (req, _res, next) => {
    if (await classroom.isInstructor(req)) next();
    else if ((await classroom.readWorkspace(req)) !== undefined) next(new HttpError(403, 'Only the instructor can do this', { code: 'instructor_only' }));
    else next(new HttpError(401, 'Sign in with the instructor link first', { code: 'instructor_required' }));
  });
  const snapshot = (req: Request) => classroom.snapshot(classroom.origin(req));
  const learner = async (req: Request) => {
    const workspace = await store.byKey(String(req.params.id));
    if (workspace === undefined) throw new HttpError(404, 'No such learner in this class', { code: 'unknown_learner' });
    return workspace;
  };

  instructor.get('/class', async (req, res) => {
    res.json(await snapshot(req));
  });
  instructor.get('/events', (req, res) => classroom.stream(req, res, 'instructor'));
  instructor.post('/learners/:id/reset', async (req, res) => {
    await classroom.resetWorkspace((await learner(req)).key);
    classroom.progressChanged();
    res.status(204).end();
  });
  instructor.post('/learners/:id/remove', async (req, res) => {
    await classroom.removeWorkspace((await learner(req)).key);
    res.status(204).end();
  });
  instructor.post('/join-code', jsonBody, async (req, res) => {
    const { action } = parseBody(req, joinCodeActionSchema);
    const joinCode = action === 'rotate' ? await store.rotateJoinCode() : null;
    if (action !== 'rotate') await store.closeJoining();
    classroom.everythingChanged();
    res.json({ joinCode, classLink: joinCode === null ? null : classLink(classroom.origin(req), joinCode) });
  });
  instructor.post('/follow', jsonBody, async (req, res) => {
    await store.setFollow(parseBody(req, followRequestSchema).stage);
    classroom.everythingChanged();
    res.status(204).end();
  });
  instructor.post('/link', async (req, res) => {
    res.json({ link: await classroom.instructorLink(classroom.origin(req)) });
  });
  instructor.get('/export', async (req, res) => {
    const format = req.query.format;
    const day = new Date(classroom.now()).toISOString().slice(0, 10);
    if (format === 'csv') {
      res
        .attachment(`authlab-class-${day}.csv`)
        .type('text/csv; charset=utf-8')
        .send(classCsv(await snapshot(req), STAGE_IDS));
    } else if (format === 'json') {
      res.attachment(`authlab-class-${day}.json`).json(await snapshot(req));
    } else {
      throw new HttpError(400, 'format must be csv or json', { code: 'invalid_input' });
    }
  });
  router.use('/instructor', instructor);
  return router;
}
