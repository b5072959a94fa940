import express from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { HttpError, createErrorHandler, notFound } from './http-error.ts';

function appThatThrows(error: unknown, log = vi.fn()): express.Express {
  const app = express();
  app.get('/boom', () => {
    throw error;
  });
  app.use(notFound);
  app.use(createErrorHandler({ log }));
  return app;
}

describe('createErrorHandler', () => {
  it('turns an HttpError into its status, headers and a JSON body with a stable code', async () => {
    const app = appThatThrows(new HttpError(423, 'Locked', { headers: { 'Retry-After': '60' } }));
    const response = await request(app).get('/boom').expect(423);
    expect(response.body).toEqual({ error: 'Locked', code: 'locked' });
    expect(response.headers['retry-after']).toBe('60');
  });

  it('answers an unexpected error with a bare 500 and logs it, without leaking the message or stack', async () => {
    const log = vi.fn();
    const app = appThatThrows(new Error('SQLITE_CORRUPT at /srv/secret/path.db'), log);
    const response = await request(app).get('/boom').expect(500);
    expect(response.body).toEqual({ error: 'Internal server error', code: 'internal_error' });
    expect(response.text).not.toMatch(/SQLITE|secret|at /);
    expect(log).toHaveBeenCalledOnce();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await request(appThatThrows(null)).get('/nowhere').expect(404);
    expect(response.body).toEqual({ error: 'Not found', code: 'not_found' });
  });
});
