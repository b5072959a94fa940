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
  /** SIGTERM, as `docker stop` sends it: resolves with the exit code once the shutdown handler is done. */
  stop(): Promise<number | null>;
}

/** `nodeArguments` replaces how node runs the server: the production bundle instead of the TypeScript source, for one. */
export function startMainProcess(env: Record<string, string>, nodeArguments: readonly string[] = ['--import', 'tsx', 'src/main.ts']): Promise<MainProcess> {
  const child = spawn(process.execPath, nodeArguments, {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AUTHLAB_BCRYPT_COST: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /running at (https?:\/\/\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      resolve({
        url,
        output: () => output,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
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
