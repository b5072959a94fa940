import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NETWORK_ADDRESS, startMainProcess, type MainProcess } from './hardening/main-process.ts';

/**
 * The real server (main.ts) as an instructor runs it for a class: AUTHLAB_ALLOW_REMOTE=1 on all
 * addresses, AUTHLAB_ALLOWED_HOSTS naming the lab. Requests to this machine's own network address
 * arrive from that address, not from loopback: another machine, as far as the lab can tell.
 */

let dataDir: string;
let server: MainProcess | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-network-'));
});
afterEach(async () => {
  await server?.kill();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<number> {
  server = await startMainProcess({ AUTHLAB_DATA_DIR: dataDir, ...env });
  return Number(new URL(server.url).port);
}

interface Reply {
  status: number;
  code: unknown;
}

function send(method: string, url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, code: text === '' ? undefined : (JSON.parse(text) as { code?: unknown }).code }));
    });
    outgoing.on('error', reject).end();
  });
}

describe('the real server on a classroom network', () => {
  it.skipIf(NETWORK_ADDRESS === undefined)('answers /reset and /breach only to this machine', async () => {
    const port = await start({ HOST: '0.0.0.0', AUTHLAB_ALLOW_REMOTE: '1' });
    const remote = `http://${NETWORK_ADDRESS}:${port}/api/stages/plaintext`;
    const local = `http://127.0.0.1:${port}/api/stages/plaintext`;
    expect(await send('GET', `${remote}/breach`)).toEqual({ status: 403, code: 'local_only' });
    expect(await send('POST', `${remote}/reset`)).toEqual({ status: 403, code: 'local_only' });
    expect((await send('GET', remote)).status).toBe(200);
    expect((await send('GET', `${local}/breach`)).status).toBe(200);
    expect((await send('POST', `${local}/reset`)).status).toBe(204);
  });

  it('answers the names in AUTHLAB_ALLOWED_HOSTS and refuses others', async () => {
    const port = await start({ AUTHLAB_ALLOWED_HOSTS: 'lab.example.org' });
    const health = `http://127.0.0.1:${port}/api/health`;
    expect((await send('GET', health, { Host: `lab.example.org:${port}` })).status).toBe(200);
    expect(await send('GET', health, { Host: `attacker.example:${port}` })).toEqual({ status: 421, code: 'host_not_allowed' });
  });
});

describe('the real server as npm start runs it', () => {
  it('refuses a rebinding host name and keeps /reset open to curl', async () => {
    const port = await start({});
    const stage = `http://127.0.0.1:${port}/api/stages/plaintext`;
    expect(await send('GET', `${stage}/breach`, { Host: `attacker.example:${port}` })).toEqual({ status: 421, code: 'host_not_allowed' });
    expect((await send('POST', `${stage}/reset`)).status).toBe(204);
  });
});
