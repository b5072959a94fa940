import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NETWORK_ADDRESS, startMainProcess, type MainProcess } from './hardening/main-process.ts';

/**
 * `npm run classroom` as an instructor runs it: the links it prints work, the instructor link
 * once, and a learner on another machine may use the lab controls of their own workspace.
 */

let dataDir: string;
let server: MainProcess | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-classroom-main-'));
});
afterEach(async () => {
  await server?.kill();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function startClassroom(env: Record<string, string> = {}): Promise<{ output: string; port: number }> {
  server = await startMainProcess({ AUTHLAB_DATA_DIR: dataDir, AUTHLAB_MODE: 'classroom', ...env });
  const started = Date.now();
  while (!server.output().includes('Instructor link:') && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
  return { output: server.output(), port: Number(new URL(server.url).port) };
}

const line = (output: string, label: string): string => new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1] ?? '';

describe('npm run classroom', () => {
  it('prints a class link with its join code and an instructor link that signs in once', async () => {
    const { output, port } = await startClassroom();
    const origin = `http://127.0.0.1:${port}`;
    const joinCode = line(output, 'Join code');
    expect(line(output, 'Class link')).toBe(`${origin}/#/join/${joinCode}`);
    const instructorLink = line(output, 'Instructor link');
    expect(instructorLink).toMatch(new RegExp(`^${origin}/#/instructor/[A-Za-z0-9_-]{43}$`));
    // Loopback only: no plain-HTTP warning to alarm anyone.
    expect(output).not.toContain('plain HTTP');
    const secret = instructorLink.split('/').pop() ?? '';
    const signIn = () =>
      fetch(`${origin}/api/classroom/instructor/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ secret }) });
    expect((await signIn()).status).toBe(204);
    expect((await signIn()).status).toBe(401);
    const join = await fetch(`${origin}/api/classroom/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ displayName: 'Ada', joinCode }),
    });
    expect(join.status).toBe(201);
    // Nothing the server printed after start-up repeats a secret.
    expect(server?.output().split(secret).length).toBe(2);
  });

  it('keeps the class across a restart, and starts a new one only with AUTHLAB_NEW_CLASS=1', async () => {
    const first = await startClassroom();
    const joinCode = line(first.output, 'Join code');
    const join = await fetch(`http://127.0.0.1:${first.port}/api/classroom/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ displayName: 'Ada', joinCode }),
    });
    const token = decodeURIComponent(/authlab_workspace=([^;]+)/.exec(join.headers.get('set-cookie') ?? '')?.[1] ?? '');
    expect(token).not.toBe('');
    const learnerIn = async (port: number): Promise<unknown> =>
      ((await (await fetch(`http://127.0.0.1:${port}/api/classroom`, { headers: { 'AuthLab-Workspace': token } })).json()) as { learner: unknown }).learner;

    await server?.stop();
    const again = await startClassroom();
    expect(line(again.output, 'Join code')).toBe(joinCode);
    expect(again.output).toContain('Learners:         1 already in this class');
    expect(await learnerIn(again.port)).toMatchObject({ displayName: 'Ada' });

    await server?.stop();
    const fresh = await startClassroom({ AUTHLAB_NEW_CLASS: '1' });
    expect(line(fresh.output, 'Join code')).not.toBe(joinCode);
    expect(fresh.output).not.toContain('already in this class');
    expect(await learnerIn(fresh.port)).toBeNull();
  });

  it('warns when the public URL is https but no proxy is trusted to say so', async () => {
    const { output } = await startClassroom({ AUTHLAB_PUBLIC_URL: 'https://class.example.org' });
    expect(output).toContain('Class link:       https://class.example.org/#/join/');
    expect(output).toContain('AUTHLAB_PUBLIC_URL is https, but AUTHLAB_TRUST_PROXY is not set');
  });

  it.skipIf(NETWORK_ADDRESS === undefined)('listens on every address when told, warns loudly, and lets a learner on another machine reset their own stage', async () => {
    const { output, port } = await startClassroom({ HOST: '0.0.0.0' });
    expect(output).toContain('WARNING: AuthLab is listening on 0.0.0.0');
    expect(output).toContain('plain HTTP');
    const origin = `http://${NETWORK_ADDRESS}:${port}`;
    expect(line(output, 'Class link')).toBe(`${origin}/#/join/${line(output, 'Join code')}`);
    const join = await fetch(`${origin}/api/classroom/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ displayName: 'Ada', joinCode: line(output, 'Join code') }),
    });
    const cookie = (join.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const stage = `${origin}/api/stages/plaintext`;
    expect((await fetch(`${stage}/breach`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${stage}/reset`, { method: 'POST', headers: { Cookie: cookie } })).status).toBe(204);
    expect((await fetch(`${stage}/breach`)).status).toBe(401);
  });
});
