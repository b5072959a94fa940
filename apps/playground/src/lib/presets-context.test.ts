import { describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../api/types.ts';
import { lastRegistered } from './presets-context.ts';

let id = 0;
function exchange(path: string, status: number, body: string, answer?: unknown): ExchangeRecord {
  id += 1;
  return {
    id,
    stage: 'basic',
    request: { method: 'POST', path, headers: { 'Content-Type': 'application/json' }, body },
    response: { status, statusText: '', headers: {}, bodyText: JSON.stringify(answer ?? null), json: answer },
    durationMs: 1,
    flow: [],
    at: 0,
  };
}

describe('lastRegistered', () => {
  it('remembers the newest successful registration, in the spelling the server answered', () => {
    const history = [
      exchange('/api/stages/basic/login', 200, '{"username":"x","password":"y"}'),
      exchange('/api/stages/basic/register', 201, '{"username":"Bob","password":"second"}', { username: 'bob' }),
      exchange('/api/stages/basic/register', 201, '{"username":"alice","password":"first"}', { username: 'alice' }),
    ];
    expect(lastRegistered(history)).toEqual({ username: 'bob', password: 'second' });
  });

  it('skips registrations the server refused, and bodies that are not credentials', () => {
    const history = [
      exchange('/api/stages/basic/register', 409, '{"username":"alice","password":"other"}', { error: 'Username already taken' }),
      exchange('/api/stages/basic/register', 201, '{"username": ', { username: 'x' }),
      exchange('/api/stages/basic/register', 201, '{"username":"carol","password":"kept"}', { username: 'carol' }),
    ];
    expect(lastRegistered(history)).toEqual({ username: 'carol', password: 'kept' });
  });

  it('is undefined when nothing was registered', () => {
    expect(lastRegistered([])).toBeUndefined();
  });
});
