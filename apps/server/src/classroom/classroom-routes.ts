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
import { resetLab } from '../lab-routes.ts';
import { classCsv, classLink } from './class-report.ts';
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
function wrongGuessLimiter(what: string): RequestHandler {
  return rateLimit({
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

export function createClassroomRouter(classroom: Classroom): Router {
  const { registry, state } = classroom;
  const router = Router({ caseSensitive: true, strict: true });
  const joinGuesses = wrongGuessLimiter('join codes');
  const resumeGuesses = wrongGuessLimiter('resume links');
  const instructorGuesses = wrongGuessLimiter('instructor links');

  const ownWorkspace = (req: Request) => {
    const workspace = classroom.readWorkspace(req);
    if (workspace === undefined) throw workspaceRequired();
    return workspace;
  };

  router.get('/', (req, res) => {
    const workspace = classroom.readWorkspace(req);
    const token = openedWorkspaceOf(req)?.token;
    // Each visit pushes the cookie's expiry along with the workspace's idle deadline.
    if (workspace !== undefined && token !== undefined) classroom.setWorkspaceCookie(req, res, token);
    res.json(classroom.status(req));
  });

  router.get('/events', (req, res) => {
    ownWorkspace(req);
    classroom.stream(req, res, 'learner');
  });

  router.post('/join', joinGuesses, jsonBody, (req, res) => {
    const { displayName, joinCode } = parseBody(req, joinRequestSchema);
    if (classroom.readWorkspace(req) !== undefined) {
      throw new HttpError(409, 'This browser already has a workspace in this class', { code: 'already_joined' });
    }
    if (state.joinCode === null) throw new HttpError(403, 'Joining is closed: ask your instructor to open it again', { code: 'join_closed' });
    if (!state.acceptsJoinCode(joinCode)) {
      res.locals.wrongGuess = true;
      throw new HttpError(403, 'That is not the join code of this class', { code: 'wrong_join_code' });
    }
    if (registry.list().length >= classroom.options.maxWorkspaces) {
      throw new HttpError(403, `The class is full (${classroom.options.maxWorkspaces} workspaces)`, { code: 'class_full' });
    }
    const { token } = registry.join(displayName);
    classroom.setWorkspaceCookie(req, res, token);
    res.status(201).json({ displayName });
  });

  router.post('/resume', resumeGuesses, jsonBody, (req, res) => {
    const { token, replace } = parseBody(req, resumeRequestSchema);
    const current = classroom.readWorkspace(req);
    const target = registry.find(token);
    if (target === undefined) {
      res.locals.wrongGuess = true;
      throw new HttpError(401, 'That resume link opens no workspace: it was deleted after idling, removed, or the server was restarted', {
        code: 'workspace_required',
      });
    }
    // A link someone sent must never quietly put this browser in their workspace, where they could
    // read whatever it is given: the page shows whose workspace it is and sends replace: true
    // only once the learner says yes.
    if (replace !== true) {
      const leaving = current === undefined || current === target ? '' : ` This browser's own workspace (${current.displayName}'s) stays open to its resume link.`;
      throw new HttpError(409, `This link opens ${target.displayName}'s workspace. Open it here only if it is yours.${leaving}`, { code: 'confirm_resume' });
    }
    classroom.setWorkspaceCookie(req, res, token);
    res.status(204).end();
  });

  router.post('/resume-link', (req, res) => {
    ownWorkspace(req);
    const token = openedWorkspaceOf(req)?.token ?? '';
    res.json({ link: `${classroom.origin(req)}/#/resume/${token}` });
  });

  router.post('/progress', jsonBody, (req, res) => {
    const { progress } = ownWorkspace(req);
    const report = parseBody(req, progressReportSchema);
    const at = new Date(classroom.now()).toISOString();
    if (report.kind === 'checks') {
      const verdicts = Object.entries(report.verdicts);
      const passed = verdicts.filter(([, verdict]) => verdict === 'pass').map(([id]) => id);
      const count = (verdict: string): number => verdicts.filter(([, given]) => given === verdict).length;
      progress.stages.set(report.stage, { pass: passed.length, fail: count('fail'), notApplicable: count('n/a'), passed, at });
    } else if (progress.quizzes.has(report.lesson) || progress.quizzes.size < MAX_QUIZZES) {
      if (report.correct > report.total) throw new HttpError(400, 'correct must not exceed total', { code: 'invalid_input' });
      progress.quizzes.set(report.lesson, { correct: report.correct, total: report.total, at });
    }
    classroom.progressChanged();
    res.status(204).end();
  });

  router.post('/attack-runs', jsonBody, (req, res) => {
    const { key } = ownWorkspace(req);
    const answer = classroom.attacks.take(key, parseBody(req, attackRunRequestSchema));
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

  router.post('/attack-runs/:id/renew', (req, res) => {
    const { key } = ownWorkspace(req);
    const slot = classroom.attacks.renew(key, String(req.params.id));
    if (slot === undefined) throw new HttpError(404, 'No such attack run in your workspace (it ended, or its lease ran out)', { code: 'not_found' });
    const lease: AttackRunLease = { id: slot.id, until: new Date(slot.untilMs).toISOString() };
    res.json(lease);
  });

  router.post('/attack-runs/:id/end', (req, res) => {
    const { key } = ownWorkspace(req);
    if (!classroom.attacks.end(key, String(req.params.id))) throw new HttpError(404, 'No such attack run in your workspace', { code: 'not_found' });
    classroom.progressChanged();
    res.status(204).end();
  });

  router.post('/instructor/session', instructorGuesses, jsonBody, (req, res) => {
    const { secret } = parseBody(req, instructorSignInSchema);
    const session = state.redeemInstructorSecret(secret);
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
  instructor.use((req, _res, next) => {
    if (classroom.isInstructor(req)) next();
    else if (classroom.readWorkspace(req) !== undefined) next(new HttpError(403, 'Only the instructor can do this', { code: 'instructor_only' }));
    else next(new HttpError(401, 'Sign in with the instructor link first', { code: 'instructor_required' }));
  });
  const snapshot = (req: Request) => classroom.snapshot(classroom.origin(req));
  const learner = (req: Request) => {
    const workspace = registry.byKey(String(req.params.id));
    if (workspace === undefined) throw new HttpError(404, 'No such learner in this class', { code: 'unknown_learner' });
    return workspace;
  };

  instructor.get('/class', (req, res) => {
    res.json(snapshot(req));
  });
  instructor.get('/events', (req, res) => classroom.stream(req, res, 'instructor'));
  instructor.post('/learners/:id/reset', async (req, res) => {
    await Promise.all((learner(req).builtStages()?.labs ?? []).map(resetLab));
    classroom.progressChanged();
    res.status(204).end();
  });
  instructor.post('/learners/:id/remove', (req, res) => {
    registry.remove(learner(req).key);
    res.status(204).end();
  });
  instructor.post('/join-code', jsonBody, (req, res) => {
    const { action } = parseBody(req, joinCodeActionSchema);
    if (action === 'rotate') state.rotateJoinCode();
    else state.closeJoining();
    const joinCode = state.joinCode;
    res.json({ joinCode, classLink: joinCode === null ? null : classLink(classroom.origin(req), joinCode) });
  });
  instructor.post('/follow', jsonBody, (req, res) => {
    state.setFollow(parseBody(req, followRequestSchema).stage);
    res.status(204).end();
  });
  instructor.post('/link', (req, res) => {
    res.json({ link: classroom.instructorLink(classroom.origin(req)) });
  });
  instructor.get('/export', (req, res) => {
    const format = req.query.format;
    const day = new Date(classroom.now()).toISOString().slice(0, 10);
    if (format === 'csv') {
      res
        .attachment(`authlab-class-${day}.csv`)
        .type('text/csv; charset=utf-8')
        .send(classCsv(snapshot(req), STAGE_IDS));
    } else if (format === 'json') {
      res.attachment(`authlab-class-${day}.json`).json(snapshot(req));
    } else {
      throw new HttpError(400, 'format must be csv or json', { code: 'invalid_input' });
    }
  });
  router.use('/instructor', instructor);
  return router;
}
