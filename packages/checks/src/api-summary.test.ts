import { readApiDescription } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { summariseApiDescription } from './api-summary.ts';

function summaryOf(yaml: string): string[] {
  const read = readApiDescription(yaml);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return summariseApiDescription(read);
}

describe('summariseApiDescription', () => {
  it('names a cookie login, the cookie it sends, and a logout', () => {
    const lines = summaryOf(`version: 1
register: { path: /users, body: { u: '{username}', p: '{password}' } }
login: { path: /session, body: { u: '{username}', p: '{password}' }, token: { cookie: sid } }
protected: { path: /me, send: { cookie: sid } }
logout: { method: DELETE, path: /session }
`);
    expect(lines).toEqual([
      'register  POST /users → 200 or 201',
      'login     POST /session → 200, token from cookie sid',
      'protected GET /me with cookie sid',
      'logout    DELETE /session',
    ]);
  });

  it('says there is no login when every request carries Basic credentials', () => {
    const lines = summaryOf(`version: 1
register: { path: /users, body: { u: '{username}', p: '{password}' } }
protected: { path: /me, send: { basic: true } }
`);
    expect(lines).toContain('login     none: every request carries Basic credentials');
    expect(lines).toContain('protected GET /me with Basic credentials');
  });
});
