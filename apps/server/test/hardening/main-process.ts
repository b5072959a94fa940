import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import path from 'node:path';

/** The real server (src/main.ts) in a child process, on an ephemeral loopback port. */
export interface MainProcess {
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGKILL: no shutdown handler runs, nothing is flushed that was not already on disk. */
  kill(): Promise<void>;
}

export function startMainProcess(env: Record<string, string>): Promise<MainProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AUTHLAB_BCRYPT_COST: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /running at (https?:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, output: () => output, kill: () => (child.kill('SIGKILL'), exited) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

/** This machine's first external IPv4 address: requests to it arrive from it, as from another machine. Undefined offline. */
export const NETWORK_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;
