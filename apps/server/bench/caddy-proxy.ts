import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '@authlab/lab-files';
import { caddyHome, DEPLOY_CADDYFILE, loopbackSite } from '../test/deploy-caddy.ts';
import { freePort } from '../test/services/free-port.ts';
import { nodeFetch, type NodeFetch } from './node-fetch.ts';

/**
 * Debian's Caddy with deploy/Caddyfile, as compose.yaml runs it in front of the AuthLab processes:
 * TLS from Caddy's own authority, least-connections balancing, health checks. The same settings
 * test/scale-out.test.ts gives it; started here without vitest (test/caddy.ts waits with `vi`).
 */

export interface CaddyProxy {
  /** https://localhost:<port>: the address learners type. */
  url: string;
  /** Caddy's process, for its CPU time. */
  pid: number;
  /** A client that trusts Caddy's authority and keeps its connections open. */
  client: NodeFetch;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/** Starts Caddy in front of `upstreams` (`127.0.0.1:<port>` each); resolves once /api/health answers 200 through it. */
export async function startCaddyProxy(upstreams: readonly string[]): Promise<CaddyProxy> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'authlab-bench-caddy-'));
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const child = spawn('caddy', ['run', '--config', path.join(REPO_ROOT, DEPLOY_CADDYFILE), '--adapter', 'caddyfile'], {
    // Its own process group, so that stop() ends whatever it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...caddyHome(scratch), ...loopbackSite(upstreams, { https: httpsPort, http: httpPort }) },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let client: NodeFetch | undefined;
  const stop = async (): Promise<void> => {
    client?.close();
    if (child.pid !== undefined && child.exitCode === null) {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  const url = `https://localhost:${httpsPort}`;
  const rootCertificate = path.join(scratch, 'data/caddy/pki/authorities/local/root.crt');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (child.exitCode === null && Date.now() < deadline) {
    try {
      if (existsSync(rootCertificate)) {
        client ??= nodeFetch({ ca: readFileSync(rootCertificate, 'utf8') });
        if ((await client.fetch(`${url}/api/health`)).status === 200) return { url, pid: child.pid ?? 0, client, stop };
      }
    } catch {
      // Not serving yet (the certificate is issued on the first start): ask again.
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`Caddy did not serve ${url} within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
}
