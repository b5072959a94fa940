import type { ApiTarget } from '@authlab/contract';
import { describe, expect, it } from 'vitest';
import { saltedHash } from './salted-hash.ts';
import { slowHash } from './slow-hash.ts';

/** 32 characters of base64 that depend only on the password: a stand-in for Argon2id's output. */
async function fakeDigest(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest)).replace(/=+$/, '');
}

/** A stage that stores Argon2id-shaped values with the given parameters, and a random or fixed salt. */
function createArgon2idStage(options: { parameters: string; salt: 'random' | 'fixed' }): ApiTarget {
  const users = new Map<string, string>();
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status });
  const fakeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    if (path === '/reset') {
      users.clear();
      return new Response(null, { status: 204 });
    }
    if (path === '/breach') return json(200, { users: [...users].map(([username, stored]) => ({ username, stored })) });
    if (path === '/register') {
      const { username, password } = JSON.parse(String(init.body)) as { username: string; password: string };
      const salt = options.salt === 'fixed' ? 'c2FsdHNhbHRzYWx0c2FsdA' : btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))).replace(/=+$/, '');
      users.set(username, `$argon2id$v=19$${options.parameters}$${salt}$${await fakeDigest(salt + password)}`);
      return json(201, { username });
    }
    return json(404, { error: 'Not found' });
  };
  return { baseUrl: 'http://127.0.0.1:9', fetch: fakeFetch as typeof fetch, advanceClock: async () => {} };
}

describe('slow-hash on a stage storing Argon2id', () => {
  it("passes at OWASP's parameters and names them", async () => {
    const result = await slowHash.run(createArgon2idStage({ parameters: 'm=19456,t=2,p=1', salt: 'random' }));
    expect(result.status).toBe('pass');
    expect(result.evidence.explanation).toContain('Argon2id, m=19456 KiB (19 MiB), t=2, p=1');
  });

  it('fails with too little memory', async () => {
    const result = await slowHash.run(createArgon2idStage({ parameters: 'm=4096,t=2,p=1', salt: 'random' }));
    expect(result.status).toBe('fail');
    expect(result.evidence.explanation).toContain("below every one of OWASP's minimum settings");
  });
});

describe('salted-hash on a stage storing Argon2id', () => {
  it('passes when every hash has its own salt, and shows both salts', async () => {
    const result = await saltedHash.run(createArgon2idStage({ parameters: 'm=19456,t=2,p=1', salt: 'random' }));
    expect(result.status).toBe('pass');
    expect(result.evidence.explanation).toMatch(/\(salts [A-Za-z0-9+/]{22} and [A-Za-z0-9+/]{22}\)/);
  });

  it('fails when the salt is the same for everyone: equal passwords give equal values again', async () => {
    const result = await saltedHash.run(createArgon2idStage({ parameters: 'm=19456,t=2,p=1', salt: 'fixed' }));
    expect(result.status).toBe('fail');
  });
});
