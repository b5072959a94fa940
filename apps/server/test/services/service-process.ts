import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real server (PostgreSQL, Redis) run by a test as a child process: its output kept for
 * error messages, and never outliving the test run that started it.
 */
export interface ServiceProcess {
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** The server's own process id (setpriv execs it in its own place): the bench reads its CPU time. */
  readonly pid: number;
  /** Resolves once probe() succeeds; rejects, with the output, if it exits first or timeoutMs passes. */
  waitUntilReady(probe: () => Promise<void>, options: { name: string; timeoutMs: number }): Promise<void>;
  /** Sends the signal (unless it already exited) and resolves once it has exited; SIGKILL if it hangs. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

interface SpawnOptions {
  cwd: string;
  /** The system user to drop to when the tests run as root (PostgreSQL refuses to run as root). */
  user?: string;
  /** What it gets when the test run ends without stopping it: a crash, a forgotten stop(). */
  orphanSignal: NodeJS.Signals;
}

const STOP_TIMEOUT_MS = 10_000;
const running = new Set<{ child: ChildProcess; orphanSignal: NodeJS.Signals }>();
let exitHandlerInstalled = false;

export function spawnService(command: string, args: readonly string[], options: SpawnOptions): ServiceProcess {
  const child = spawn(...withPrivileges(command, args, options), { cwd: options.cwd, env: serviceEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const entry = { child, orphanSignal: options.orphanSignal };
  running.add(entry);
  installExitHandler();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A spawn that fails (no such binary) emits 'error' and may never emit 'exit'.
    child.once('error', (error) => ((output += `${error.message}\n`), resolve()));
  }).then(() => void running.delete(entry));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  return {
    output: () => output,
    pid: child.pid ?? 0,
    async waitUntilReady(probe, { name, timeoutMs }) {
      const deadline = Date.now() + timeoutMs;
      let lastError: unknown;
      while (!hasExited && Date.now() < deadline) {
        try {
          return await probe();
        } catch (error) {
          lastError = error;
          await sleep(50);
        }
      }
      const why = hasExited ? `exited with ${child.exitCode ?? child.signalCode}` : `did not answer within ${timeoutMs} ms (${String(lastError)})`;
      throw new Error(`${name} ${why}. Its output:\n${output}`);
    },
    async stop(signal) {
      if (hasExited) return;
      child.kill(signal);
      // A shutdown that hangs must not hang the test run with it.
      const escalation = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(escalation);
    },
  };
}

/** Runs a setup command (initdb) to completion; throws with its output if it fails. */
export function runSetup(command: string, args: readonly string[], options: Pick<SpawnOptions, 'cwd' | 'user'>): Promise<void> {
  const child = spawn(...withPrivileges(command, args, options), { cwd: options.cwd, env: serviceEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}):\n${output}`))));
  });
}

/** util-linux's, on every Debian (and most Linux) systems; absent elsewhere. */
const SETPRIV = '/usr/bin/setpriv';
const setprivAvailable = existsSync(SETPRIV);

/**
 * Through util-linux's setpriv, which execs the server in its own place (so our signals reach
 * it, not a wrapper): as root it drops to the given user, and on any Linux it asks the kernel
 * to signal the server when the test process dies, even by SIGKILL, when no exit handler runs.
 */
function withPrivileges(command: string, args: readonly string[], { user, orphanSignal }: Partial<SpawnOptions>): [string, string[]] {
  const asRoot = process.getuid?.() === 0;
  if (!setprivAvailable) {
    if (asRoot && user !== undefined) throw new Error(`Running ${command} as ${user} needs setpriv (util-linux)`);
    return [command, [...args]];
  }
  const drop = asRoot && user !== undefined ? [`--reuid=${user}`, `--regid=${user}`, '--init-groups'] : [];
  const orphan = orphanSignal === undefined ? [] : [`--pdeathsig=${orphanSignal}`];
  return [SETPRIV, [...drop, ...orphan, '--', command, ...args]];
}

/** Only what the servers need: none of the test run's settings leak into them. */
function serviceEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LANG: 'C.UTF-8' };
}

/** The kernel's parent-death signal covers a SIGKILLed test run; this covers a normal exit without stop(). */
function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const { child, orphanSignal } of running) child.kill(orphanSignal);
  });
}
