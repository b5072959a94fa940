/**
 * The parts of an exercise app that are not the lesson: input validation, JSON errors, and the
 * lab routes the practice checks use (`GET /` for the policy, `/breach`, `/reset`).
 * Your work is in app.ts; you should not need to change this file.
 */
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { z } from 'zod';

/** A 4xx answer with a message; thrown from handlers, turned into `{ "error": ... }` below. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const credentials = z.strictObject({
  username: z
    .string()
    .regex(/^[a-z0-9._-]{3,32}$/i, 'username: 3-32 letters, digits, ".", "_" or "-"')
    .transform((name) => name.toLowerCase()),
  password: z.string().min(1, 'password is required').max(1024, 'password is too long'),
});

export type Credentials = z.infer<typeof credentials>;

/** The `{ username, password }` body, validated; throws a 400 for anything else. */
export function readCredentials(req: Request): Credentials {
  const result = credentials.safeParse(req.body);
  if (!result.success) throw new HttpError(400, result.error.issues[0]?.message ?? 'Invalid input');
  return result.data;
}

/** The token from `Authorization: Bearer <token>`, if there is one. */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer +(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
}

export interface LabRoutes {
  /** Numbers your app enforces, published so the checks can read them. */
  policy: object;
  /** username → the stored credential, exactly as stored. */
  users: ReadonlyMap<string, string>;
  /** Forget every user, session, counter and lock. */
  reset: () => void;
}

/** An Express app with JSON parsing and the lab routes; add your own routes, then call `finish`. */
export function createExerciseServer(lab: LabRoutes): { app: Express; finish: () => Express } {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  app.get('/', (_req, res) => {
    res.json({ policy: lab.policy });
  });
  app.get('/breach', (_req, res) => {
    res.json({ users: [...lab.users].map(([username, stored]) => ({ username, stored })) });
  });
  app.post('/reset', (_req, res) => {
    lab.reset();
    res.status(204).end();
  });

  const errors: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof HttpError) {
      res.set(error.headers).status(error.status).json({ error: error.message });
    } else if (typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'Request body is not valid JSON' });
    } else if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status < 500) {
      res.status(error.status).json({ error: 'Bad request' });
    } else {
      console.error(error);
      res.status(500).json({ error: 'Internal server error' });
    }
  };
  return {
    app,
    finish: () => {
      app.use((_req, res) => {
        res.status(404).json({ error: 'Not found' });
      });
      app.use(errors);
      return app;
    },
  };
}
