import { describe, expect, it } from 'vitest';
import { isBcryptLogin, isLight, type TrafficSample } from './traffic.ts';

/** The classroom's non-bcrypt figure counts the requests that can never wait for a hash, and only those. */

const sample = (method: string, path: string): TrafficSample => ({ method, path, status: 200, ms: 1 });

describe('a non-bcrypt request', () => {
  it('is anything on stages 1 and 2, a stage description, or a classroom route', () => {
    for (const [method, path] of [
      ['POST', '/api/stages/plaintext/login'],
      ['POST', '/api/stages/sha256/register'],
      ['GET', '/api/stages/plaintext/breach'],
      ['GET', '/api/stages'],
      ['GET', '/api/stages/bcrypt'],
      ['GET', '/api/stages/lockout'],
      ['POST', '/api/classroom/join'],
      ['POST', '/api/classroom/progress'],
      ['GET', '/api/classroom'],
    ] as const) {
      expect(isLight(sample(method, path)), `${method} ${path}`).toBe(true);
    }
  });

  it('is never a request to a bcrypt stage beyond its description', () => {
    for (const [method, path] of [
      ['POST', '/api/stages/bcrypt/login'],
      ['POST', '/api/stages/jwt/register'],
      ['GET', '/api/stages/basic/records'],
      ['GET', '/api/stages/jwt/breach'],
      ['GET', '/api/stagesx'],
    ] as const) {
      expect(isLight(sample(method, path)), `${method} ${path}`).toBe(false);
    }
  });
});

describe('a bcrypt login', () => {
  it('is a login on a stage that keeps bcrypt hashes', () => {
    for (const path of ['/api/stages/bcrypt/login', '/api/stages/jwt/login', '/api/stages/lockout/login']) expect(isBcryptLogin(sample('POST', path)), path).toBe(true);
  });

  it('is not a login on stages 1 and 2, a registration, or a read', () => {
    for (const [method, path] of [
      ['POST', '/api/stages/plaintext/login'],
      ['POST', '/api/stages/sha256/login'],
      ['POST', '/api/stages/bcrypt/register'],
      ['GET', '/api/stages/bcrypt/login'],
      ['POST', '/api/stages/bcrypt/login/extra'],
    ] as const) {
      expect(isBcryptLogin(sample(method, path)), `${method} ${path}`).toBe(false);
    }
  });
});
