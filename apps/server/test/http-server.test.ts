import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHTTPServer } from '../src/http-server.ts';
import { createTestApp, type TestApp } from './helpers.ts';

let lab: TestApp;
let baseURL: URL;
let close: () => Promise<void>;

beforeEach(async () => {
  lab = createTestApp();
  const server = createHTTPServer(lab.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterEach(async () => {
  await close();
  lab.close();
});

function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, baseURL), { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject).end();
  });
}

describe('createHTTPServer', () => {
  it('answers a 50 KB Authorization header with 431 JSON instead of an empty reply', async () => {
    const response = await get('/api/stages/jwt/records', { Authorization: `Bearer ${'x'.repeat(50_000)}` });
    expect(response.status).toBe(431);
    expect(JSON.parse(response.body)).toEqual({ error: 'Request headers are too large', code: 'headers_too_large' });
  });

  it('keeps serving after refusing a request', async () => {
    await get('/api/health', { 'X-Junk': 'y'.repeat(50_000) });
    const response = await get('/api/health', {});
    expect(response).toEqual({ status: 200, body: '{"status":"ok"}' });
  });
});
