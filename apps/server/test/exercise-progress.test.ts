import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExerciseRuns } from '@authlab/contract';
import { exerciseRunsPath } from '@authlab/lab-files';
import { createTestApp, type TestApp } from './helpers.ts';

let lab: TestApp;
beforeEach(() => {
  lab = createTestApp();
});
afterEach(() => lab.close());

const RECORDED: ExerciseRuns = {
  version: 1,
  lastRunAt: '2026-03-02T10:05:00.000Z',
  exercises: [
    {
      exercise: 'challenge',
      lastRunAt: '2026-03-02T10:05:00.000Z',
      runs: 3,
      checks: [
        { id: 'slow-hash', status: 'pass', firstFailedAt: '2026-03-02T10:00:00.000Z', turnedToPassAt: '2026-03-02T10:05:00.000Z' },
        { id: 'token-expires', status: 'fail', firstFailedAt: '2026-03-02T10:00:00.000Z', turnedToPassAt: null },
      ],
      tests: { passed: 2, total: 6 },
    },
  ],
};

function writeRuns(content: string): void {
  writeFileSync(exerciseRunsPath(lab.dataDir), content);
}

describe('GET /api/exercises/progress', () => {
  it('is empty before any exercise has been run', async () => {
    const response = await request(lab.app).get('/api/exercises/progress').expect(200);
    expect(response.body).toEqual({ lastRunAt: null, exercises: [] });
  });

  it('serves what the exercise runs recorded, read again on each request', async () => {
    writeRuns(JSON.stringify(RECORDED));
    const first = await request(lab.app).get('/api/exercises/progress').expect(200);
    expect(first.body).toEqual({ lastRunAt: RECORDED.lastRunAt, exercises: RECORDED.exercises });

    writeRuns(JSON.stringify({ ...RECORDED, exercises: [] }));
    const second = await request(lab.app).get('/api/exercises/progress').expect(200);
    expect(second.body.exercises).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version": 1,'],
    [
      'a hand-edited status',
      JSON.stringify({ ...RECORDED, exercises: [{ ...RECORDED.exercises[0], checks: [{ id: 'slow-hash', status: 'great', firstFailedAt: null, turnedToPassAt: null }] }] }),
    ],
    ['an unknown exercise', JSON.stringify({ ...RECORDED, exercises: [{ ...RECORDED.exercises[0], exercise: 'homework' }] })],
    // Valid JSON that only the size limit refuses.
    ['a file far too large', JSON.stringify(RECORDED) + ' '.repeat(300 * 1024)],
    [
      'a check listed twice',
      JSON.stringify({ ...RECORDED, exercises: [{ ...RECORDED.exercises[0], checks: [RECORDED.exercises[0]?.checks[0], RECORDED.exercises[0]?.checks[0]] }] }),
    ],
    ['more tests passed than exist', JSON.stringify({ ...RECORDED, exercises: [{ ...RECORDED.exercises[0], tests: { passed: 9, total: 1 } }] })],
    [
      'a fix that never failed',
      JSON.stringify({
        ...RECORDED,
        exercises: [{ ...RECORDED.exercises[0], checks: [{ id: 'slow-hash', status: 'pass', firstFailedAt: null, turnedToPassAt: '2026-03-02T10:05:00.000Z' }] }],
      }),
    ],
  ])('answers empty progress, not an error, for %s', async (_case, content) => {
    writeRuns(content);
    const response = await request(lab.app).get('/api/exercises/progress').expect(200);
    expect(response.body).toEqual({ lastRunAt: null, exercises: [] });
  });

  it('answers empty progress at once when the record is a FIFO, which a plain read would wait on for ever', async () => {
    execFileSync('mkfifo', [exerciseRunsPath(lab.dataDir)]);
    const response = await request(lab.app).get('/api/exercises/progress').timeout(5_000).expect(200);
    expect(response.body.exercises).toEqual([]);
  });

  it('answers empty progress at once when the record links to an endless device (/dev/zero)', async () => {
    symlinkSync('/dev/zero', exerciseRunsPath(lab.dataDir));
    const response = await request(lab.app).get('/api/exercises/progress').timeout(5_000).expect(200);
    expect(response.body.exercises).toEqual([]);
  });

  it('answers empty progress when the path is a directory', async () => {
    mkdirSync(exerciseRunsPath(lab.dataDir));
    const response = await request(lab.app).get('/api/exercises/progress').expect(200);
    expect(response.body.exercises).toEqual([]);
  });

  it('is JSON with the security headers, never cached', async () => {
    const response = await request(lab.app).get('/api/exercises/progress');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('is read-only', async () => {
    const response = await request(lab.app).post('/api/exercises/progress').set('Content-Type', 'application/json').send('{}');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: expect.any(String) });
  });
});
