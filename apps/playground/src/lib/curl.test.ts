import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../api/types.ts';
import { sentBody, shellQuote, toCurl } from './curl.ts';

const ORIGIN = 'http://127.0.0.1:3000';

/** What a real POSIX shell makes of a quoted word: the proof that the quoting is right. */
function throughShell(quoted: string): string {
  return execFileSync('sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it('wraps a word in single quotes', () => {
    expect(shellQuote('hello world')).toBe("'hello world'");
  });

  it("writes an embedded single quote as '\\''", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it.each(["it's", '$HOME `id` $(id) "x" \\n !!', "''", 'line one\nline two', '', 'ünïcödé 🔐'])('survives a real shell unchanged: %j', (word) => {
    expect(throughShell(shellQuote(word))).toBe(word);
  });
});

describe('toCurl', () => {
  it('writes method, full URL, every header and the raw body, with -i to show response headers', () => {
    const spec: RequestSpec = {
      method: 'POST',
      path: '/api/stages/jwt/login',
      headers: { 'Content-Type': 'application/json' },
      body: '{"username":"alice","password":"correct-horse-battery-42"}',
    };
    expect(toCurl(spec, { origin: ORIGIN })).toBe(
      [
        "curl -i -X POST 'http://127.0.0.1:3000/api/stages/jwt/login'",
        "-H 'Content-Type: application/json'",
        `--data-raw '{"username":"alice","password":"correct-horse-battery-42"}'`,
      ].join(' \\\n  '),
    );
  });

  it('keeps the full Authorization header, never shortened', () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(300)}.signature`;
    const spec: RequestSpec = { method: 'GET', path: '/api/stages/jwt/records', headers: { Authorization: `Bearer ${token}` } };
    expect(toCurl(spec, { origin: ORIGIN })).toContain(`-H 'Authorization: Bearer ${token}'`);
  });

  it('escapes a single quote inside the body so the shell still sends it', () => {
    const spec: RequestSpec = { method: 'POST', path: '/x', headers: {}, body: `{"password":"o'brien"}` };
    const command = toCurl(spec, { origin: ORIGIN });
    expect(command).toContain(`--data-raw '{"password":"o'\\''brien"}'`);
  });

  it('sends no body with GET, as the playground does', () => {
    const spec: RequestSpec = { method: 'GET', path: '/api/stages/plaintext/records', headers: {}, body: '{"ignored":true}' };
    expect(toCurl(spec, { origin: ORIGIN })).toBe("curl -i -X GET 'http://127.0.0.1:3000/api/stages/plaintext/records'");
  });

  it('sends malformed JSON exactly as typed', () => {
    const spec: RequestSpec = { method: 'POST', path: '/api/stages/bcrypt/login', headers: {}, body: '{"username": ' };
    expect(toCurl(spec, { origin: ORIGIN })).toContain(`--data-raw '{"username": '`);
  });

  it('writes an empty header value as Name; so curl sends it instead of dropping it', () => {
    const spec: RequestSpec = { method: 'GET', path: '/', headers: { 'X-Empty': '' }, body: '' };
    expect(toCurl(spec, { origin: ORIGIN })).toContain("-H 'X-Empty;'");
  });

  it('resolves the path against the page origin, keeping the query string', () => {
    const spec: RequestSpec = { method: 'DELETE', path: '/api/stages/jwt/records?x=1', headers: {} };
    expect(toCurl(spec, { origin: 'https://lab.example:8443' })).toBe("curl -i -X DELETE 'https://lab.example:8443/api/stages/jwt/records?x=1'");
  });

  it('runs as one command: the shell hands curl exactly the intended arguments', () => {
    const spec: RequestSpec = { method: 'POST', path: '/p', headers: { A: "b'c" }, body: "x'y\nz" };
    const command = toCurl(spec, { origin: ORIGIN }).replace(/^curl/, "printf '%s\\n'");
    const args = execFileSync('sh', ['-c', command], { encoding: 'utf8' });
    expect(args).toBe(['-i', '-X', 'POST', `${ORIGIN}/p`, '-H', "A: b'c", '--data-raw', "x'y\nz", ''].join('\n'));
  });
});

describe('sentBody', () => {
  it('is undefined for GET and for an empty body', () => {
    expect(sentBody({ method: 'GET', path: '/', headers: {}, body: 'x' })).toBeUndefined();
    expect(sentBody({ method: 'POST', path: '/', headers: {}, body: '' })).toBeUndefined();
    expect(sentBody({ method: 'POST', path: '/', headers: {} })).toBeUndefined();
    expect(sentBody({ method: 'POST', path: '/', headers: {}, body: '{}' })).toBe('{}');
  });
});
