import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's interpreter: python3-flask, python3-jwt and python3-bcrypt are installed for it, not for any other Python on PATH. */
const PYTHON = '/usr/bin/python3';

/** One of the examples, running in its own process with a fresh data directory. */
export interface PythonApp {
  url: string;
  dataDir: string;
  /** Everything it printed so far, stdout and stderr (kept draining, so a full pipe never stalls it). */
  output(): string;
  /** SIGTERM, SIGKILL if it is still there after two seconds, then the data directory is removed. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now: Flask's server wants a number, so the test picks one. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

export async function startPythonApp(example: string, env: Record<string, string> = {}): Promise<PythonApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `authlab-${example}-`));
  const port = await freePort();
  const child = spawn(PYTHON, [path.join(import.meta.dirname, '..', example, 'app.py')], {
    env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 'close', not 'exit': by then everything it printed has been read.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (listening !== undefined) resolve(listening);
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    void exited.then(() => reject(new Error(`${example} exited before listening: ${output}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, dataDir, output: () => output, stop };
}
