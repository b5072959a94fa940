import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { WORKSPACE_HEADER } from '@authlab/contract';
import { REPO_ROOT } from '@authlab/lab-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomOf } from '../src/app.ts';
import type { Classroom } from '../src/classroom/classroom.ts';
import { createHTTPServer } from '../src/http-server.ts';
import { GOOD_PASSWORD, createTestApp, type TestApp } from './helpers.ts';

/**
 * `npm run check` and `npm run attack` from a learner's terminal, as child processes, against a
 * classroom server on a loopback port: with the learner's workspace they act in it alone, and
 * without a valid one they say what to do instead of failing on a bare 401.
 */

let lab: TestApp;
let room: Classroom;
let server: Server;
let url: string;

beforeAll(async () => {
  lab = createTestApp({ app: { classroom: {} } });
  const classroom = classroomOf(lab.app);
  if (classroom === undefined) throw new Error('not a classroom');
  room = classroom;
  server = createHTTPServer(lab.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  room.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  lab.close();
});

/** Joins as `name` and returns the resume link the playground would copy. */
async function joinForResumeLink(name: string): Promise<string> {
  const joined = await fetch(`${url}/api/classroom/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ displayName: name, joinCode: (await room.store.status()).joinCode }),
  });
  expect(joined.status).toBe(201);
  const cookie = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const answer = await fetch(`${url}/api/classroom/resume-link`, { method: 'POST', headers: { Cookie: cookie } });
  return ((await answer.json()) as { link: string }).link;
}

const tokenOf = (link: string): string => link.slice(link.indexOf('#/resume/') + '#/resume/'.length);

async function breachDump(token: string): Promise<{ username: string }[]> {
  const answer = await fetch(`${url}/api/stages/plaintext/breach`, { headers: { [WORKSPACE_HEADER]: token } });
  return ((await answer.json()) as { users: { username: string }[] }).users;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI as `npm run check` / `npm run attack` do, with `env` on top of a clean one. */
function runCLI(cli: 'checks' | 'attacks', args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { AUTHLAB_WORKSPACE: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'packages', cli, 'src/cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run check -- --workspace', () => {
  it("runs the checks in the learner's own workspace, on the server the resume link names", async () => {
    const adaLink = await joinForResumeLink('Ada');
    const boToken = tokenOf(await joinForResumeLink('Bo'));
    await fetch(`${url}/api/stages/plaintext/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [WORKSPACE_HEADER]: boToken },
      body: JSON.stringify({ username: 'carol', password: GOOD_PASSWORD }),
    });
    // No --url: the resume link says where the class is.
    const run = await runCLI('checks', ['--stage', 'plaintext', '--workspace', adaLink, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { id: string; status: string; expected: string }[];
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((row) => row.status !== row.expected)).toEqual([]);
    // The checks reset Ada's stage each time; Bo's account is still there, untouched.
    expect(await breachDump(boToken)).toEqual([{ username: 'carol', stored: GOOD_PASSWORD }]);
  }, 60_000);

  it('says plainly that a wrong or expired token was refused, and where to get a new one', async () => {
    const link = await joinForResumeLink('Cy');
    const forged = `${link.slice(0, -3)}xyz`;
    const run = await runCLI('checks', ['--stage', 'plaintext', '--url', url, '--workspace', forged]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did not accept your workspace token: .* To get a fresh one, open the class in your browser and copy your resume link/);
  });

  it('tells a learner without a token that this is a classroom server', async () => {
    const run = await runCLI('checks', ['--stage', 'plaintext', '--url', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${url} is a classroom server: pass your workspace with --workspace <resume link> or AUTHLAB_WORKSPACE`);
  });

  it('never sends the token over plain HTTP to another machine, nor to a learner’s own API', async () => {
    const token = tokenOf(await joinForResumeLink('Di'));
    const plain = await runCLI('checks', ['--stage', 'plaintext', '--url', 'http://192.0.2.10:3000', '--workspace', token]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('http://192.0.2.10:3000 is plain HTTP to another machine');
    const own = await runCLI('checks', ['--api', 'examples/flask-mistakes/api.yaml', '--url', 'http://127.0.0.1:9', '--workspace', token]);
    expect(own.code).toBe(2);
    expect(own.stderr).toContain('--workspace is for the stages of a classroom server');
  });
});

describe('npm run attack -- --workspace', () => {
  it("attacks the learner's own workspace with AUTHLAB_WORKSPACE, and refuses it with --api", async () => {
    const token = tokenOf(await joinForResumeLink('Eve'));
    const run = await runCLI('attacks', ['brute-force', '--stage', 'plaintext', '--url', url, '--json'], { AUTHLAB_WORKSPACE: token });
    expect(run.code).toBe(0);
    const { cells } = JSON.parse(run.stdout) as { cells: { attack: string; result: { status: string } }[] };
    expect(cells.map((cell) => [cell.attack, cell.result.status])).toEqual([['brute-force', 'cracked']]);
    // Nobody else's plaintext stage saw the planted accounts.
    expect(await breachDump(tokenOf(await joinForResumeLink('Fay')))).toEqual([]);

    const own = await runCLI('attacks', ['brute-force', '--api', 'examples/flask-mistakes/api.yaml', '--url', 'http://127.0.0.1:9'], { AUTHLAB_WORKSPACE: token });
    expect(own.code).toBe(2);
    expect(own.stderr).toContain('AUTHLAB_WORKSPACE is set; it is for the stages of a classroom server');
  }, 60_000);

  it('waits its turn: while another run holds the workspace’s attack slot it attacks nothing, and it gives the slot back after', async () => {
    const token = tokenOf(await joinForResumeLink('Gus'));
    const slot = (body: object) =>
      fetch(`${url}/api/classroom/attack-runs`, { method: 'POST', headers: { 'AuthLab-Workspace': token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const held = (await (await slot({ attack: 'password-spraying', stage: 'bcrypt' })).json()) as { id: string };
    const refused = await runCLI('attacks', ['brute-force', '--stage', 'plaintext', '--url', url, '--workspace', token]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('An attack run (password-spraying on bcrypt) is already going in your workspace');
    expect(await breachDump(token)).toEqual([]);
    await fetch(`${url}/api/classroom/attack-runs/${held.id}/end`, { method: 'POST', headers: { 'AuthLab-Workspace': token } });
    expect((await runCLI('attacks', ['brute-force', '--stage', 'plaintext', '--url', url, '--workspace', token])).code).toBe(0);
    expect((await slot({ attack: 'brute-force', stage: 'plaintext' })).status).toBe(201);
  }, 60_000);

  it('says a wrong token was refused', async () => {
    const run = await runCLI('attacks', ['brute-force', '--stage', 'plaintext', '--url', url, '--workspace', 'AAAAAAAAAAAAAAAA.BBBB']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did not accept your workspace token');
  });
});
