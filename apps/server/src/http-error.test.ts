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

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['a server shutting down (SQLSTATE 57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['no free connection in time', new Error('timeout exceeded when trying to connect')],
    ['a query left unanswered', new Error('Query read timeout')],
  ])('answers %s to the database with 503 database_unavailable, to retry, and nothing of the cause', async (_what, error) => {
    const log = vi.fn();
    const response = await request(appThatThrows(error, log)).get('/boom').expect(503);
    expect(response.body).toEqual({ error: "The lab's database is unreachable; try again in a few seconds", code: 'database_unavailable' });
    expect(response.headers['retry-after']).toBe('5');
    expect(response.text).not.toMatch(/5432|terminat|ECONN/);
  });

  it('still answers a bug in a query (SQLSTATE 42601, a syntax error) with a 500', async () => {
    await request(appThatThrows(Object.assign(new Error('syntax error at or near "FORM"'), { code: '42601' })))
      .get('/boom')
      .expect(500);
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
