import { describe, expect, it } from 'vitest';
import { allowClassroomTarget, readWorkspaceValue, refuseWorkspaceWithApi, resolveClassroomTarget, workspaceRefusal } from './workspace-option.ts';

const TOKEN = 'AbCdEfGhIjKlMnOp.qrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTU';

describe('readWorkspaceValue', () => {
  it('takes a bare token as it is', () => {
    expect(readWorkspaceValue(` ${TOKEN}\n`)).toEqual({ token: TOKEN });
  });

  it('takes the token and the server out of a whole resume link', () => {
    expect(readWorkspaceValue(`https://class.example.org/#/resume/${TOKEN}`)).toEqual({ token: TOKEN, origin: 'https://class.example.org' });
  });

  it('refuses anything that is not a token, saying where to get one', () => {
    for (const value of ['', 'no-dot-here', `${TOKEN}; rm -rf /`, `${'a'.repeat(65)}.b`, 'https://class.example.org/#/join/ABCD-EFGH', `#/resume/`]) {
      expect(() => readWorkspaceValue(value), JSON.stringify(value)).toThrow(/copy your resume link from the playground/);
    }
    expect(() => readWorkspaceValue(`class.example.org/#/resume/${TOKEN}`)).toThrow('before #/resume/ is not a URL');
  });
});

describe('allowClassroomTarget', () => {
  const check = (url: string, allowRemote?: boolean): string[] => {
    const warnings: string[] = [];
    allowClassroomTarget(new URL(url), { allowRemote, warn: (line) => warnings.push(line) });
    return warnings;
  };

  it('sends the token to this machine, or over HTTPS anywhere, without asking', () => {
    expect(check('http://127.0.0.1:3000')).toEqual([]);
    expect(check('https://class.example.org')).toEqual([]);
  });

  it('refuses plain HTTP to another machine unless allowed, and warns when it is', () => {
    expect(() => check('http://192.168.1.20:3000')).toThrow('http://192.168.1.20:3000 is plain HTTP to another machine');
    expect(check('http://192.168.1.20:3000', true)).toEqual([expect.stringContaining('WARNING: sending your workspace token to http://192.168.1.20:3000 over plain HTTP')]);
  });
});

describe('workspaceRefusal', () => {
  const answer = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('says a sent token was refused, and how to get a fresh one', async () => {
    const message = await workspaceRefusal(answer(401, { error: 'x', code: 'workspace_required' }), { serverUrl: 'https://class.example.org', sentToken: true });
    expect(message).toMatch(/^https:\/\/class\.example\.org did not accept your workspace token: .* or the class started over\)\. To get a fresh one, open the class/);
  });

  it('says a classroom server needs a token when none was sent', async () => {
    const message = await workspaceRefusal(answer(401, { code: 'workspace_required' }), { serverUrl: 'https://class.example.org', sentToken: false });
    expect(message).toMatch(/is a classroom server: pass your workspace with --workspace/);
  });

  it('leaves every other answer alone', async () => {
    expect(await workspaceRefusal(answer(401, { code: 'instructor_required' }), { serverUrl: 'x', sentToken: true })).toBeUndefined();
    expect(await workspaceRefusal(answer(200, { stages: [] }), { serverUrl: 'x', sentToken: true })).toBeUndefined();
    expect(await workspaceRefusal(new Response('not json', { status: 401 }), { serverUrl: 'x', sentToken: true })).toBeUndefined();
  });
});

describe('resolveClassroomTarget', () => {
  const options = { url: new URL('http://127.0.0.1:3000'), urlGiven: false, allowRemote: undefined, warn: () => undefined };

  it('changes nothing without a workspace', () => {
    expect(resolveClassroomTarget(undefined, { ...options, url: new URL('http://192.168.1.20:3000') })).toEqual({
      url: new URL('http://192.168.1.20:3000'),
      token: undefined,
    });
  });

  it("goes to the resume link's server unless --url names one", () => {
    const link = `https://class.example.org/#/resume/${TOKEN}`;
    expect(resolveClassroomTarget(link, options)).toEqual({ url: new URL('https://class.example.org'), token: TOKEN });
    expect(resolveClassroomTarget(link, { ...options, url: new URL('https://other.example.org'), urlGiven: true }).url.origin).toBe('https://other.example.org');
  });

  it('refuses to send the token over plain HTTP to another machine', () => {
    expect(() => resolveClassroomTarget(`http://10.0.0.5:3000/#/resume/${TOKEN}`, options)).toThrow('plain HTTP to another machine');
  });
});

describe('refuseWorkspaceWithApi', () => {
  it('names the option or the variable the token came from', () => {
    expect(() => refuseWorkspaceWithApi('cli')).toThrow('--workspace is for the stages of a classroom server');
    expect(() => refuseWorkspaceWithApi('env')).toThrow('AUTHLAB_WORKSPACE is set');
  });
});
