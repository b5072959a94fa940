import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TLS_CERT_FILE, TLS_KEY_FILE } from '../src/tls-certificate.ts';
import { startMainProcess, type MainProcess } from './hardening/main-process.ts';
import { fetchTrusting } from './tls-fetch.ts';

/** The real server (main.ts) as `npm start -- --https` runs it: AUTHLAB_HTTPS=1 is the same switch. */
let dataDir: string;
let server: MainProcess | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-https-'));
});
afterEach(async () => {
  await server?.kill();
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<MainProcess> {
  server = await startMainProcess({ AUTHLAB_DATA_DIR: dataDir, AUTHLAB_HTTPS: '1' });
  const started = server;
  // The fingerprint is printed just after the URL; wait for the whole banner.
  await vi.waitFor(() => expect(started.output()).toMatch(/browser will warn/));
  return started;
}

describe('the real server with AUTHLAB_HTTPS=1', () => {
  it('prints an https:// URL and the fingerprint of the certificate it serves, and keeps both across a restart', async () => {
    const first = await start();
    expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = readFileSync(path.join(dataDir, TLS_CERT_FILE), 'utf8');
    const fingerprint = new X509Certificate(cert).fingerprint256;
    expect(first.output()).toContain(`SHA-256 fingerprint ${fingerprint}`);
    expect(first.output()).toMatch(/generated now/);
    expect(statSync(path.join(dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect((await fetchTrusting(cert)(`${first.url}/api/health`)).status).toBe(200);

    await first.kill();
    const second = await start();
    expect(second.output()).toMatch(/reused/);
    expect(second.output()).toContain(`SHA-256 fingerprint ${fingerprint}`);
    expect((await fetchTrusting(cert)(`${second.url}/api/health`)).status).toBe(200);
  });
});
