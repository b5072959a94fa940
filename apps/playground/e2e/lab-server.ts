import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../..');

export interface LabServer {
  url: string;
  /** In classroom mode: the class link and the one-time instructor link the server printed. */
  classLink?: string;
  instructorLink?: string;
  /** The server's fresh AUTHLAB_DATA_DIR, where a test can put what `npm run challenge` would record. */
  dataDir: string;
  stop(): Promise<void>;
}

export interface LabServerOptions {
  /** `AUTHLAB_MODE=classroom`: one workspace per learner; resolves once both links are printed. */
  classroom?: boolean;
}

/**
 * Starts the lab the way `npm start` does — the real main.ts in production mode serving the
 * built playground — on an ephemeral loopback port with a fresh data directory.
 */
export async function startLabServer(options: LabServerOptions = {}): Promise<LabServer> {
  if (!existsSync(path.join(REPO, 'apps/playground/dist/index.html'))) {
    throw new Error('apps/playground/dist is missing: run the playground build first (npm run test:e2e does)');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      AUTHLAB_DATA_DIR: dataDir,
      AUTHLAB_BCRYPT_COST: '10',
      ...(options.classroom ? { AUTHLAB_MODE: 'classroom' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const printed = await new Promise<Pick<LabServer, 'url' | 'classLink' | 'instructorLink'>>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      if (!options.classroom) return resolve({ url });
      const classLink = /Class link:\s*(\S+)/.exec(output)?.[1];
      const instructorLink = /Instructor link:\s*(\S+)/.exec(output)?.[1];
      if (classLink !== undefined && instructorLink !== undefined) resolve({ url, classLink, instructorLink });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`lab server exited with ${code}:\n${output}`)));
  });
  return {
    ...printed,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
