import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../..');

export interface LabServer {
  url: string;
  /** The server's fresh AUTHLAB_DATA_DIR, where a test can put what `npm run challenge` would record. */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the lab the way `npm start` does — the real main.ts in production mode serving the
 * built playground — on an ephemeral loopback port with a fresh data directory.
 */
export async function startLabServer(): Promise<LabServer> {
  if (!existsSync(path.join(REPO, 'apps/playground/dist/index.html'))) {
    throw new Error('apps/playground/dist is missing: run the playground build first (npm run test:e2e does)');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', AUTHLAB_DATA_DIR: dataDir, AUTHLAB_BCRYPT_COST: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`lab server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
