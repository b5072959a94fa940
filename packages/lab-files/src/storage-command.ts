import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readStoredListing } from '@authlab/contract';

/**
 * Runs a learner's `storage.command` (from their API description) and reads what their API
 * stored. Shared by the practice checks and the attack lab, which both run it only when the
 * learner passed --allow-command: it is a shell command from a file, run on this machine.
 */

/** A storage command's longest run, and the most it may print. */
const STORAGE_COMMAND_TIMEOUT_MS = 15_000;
const STORAGE_COMMAND_MAX_BYTES = 4 * 1024 * 1024;

/** Runs the description's `storage.command` with the shell, from the description's folder, and reads its listing. */
export function storageReader(command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): () => Promise<ReadonlyMap<string, string>> {
  return async () => {
    let stdout: string;
    try {
      ({ stdout } = await promisify(execFile)('/bin/sh', ['-c', command], {
        cwd,
        env,
        timeout: STORAGE_COMMAND_TIMEOUT_MS,
        maxBuffer: STORAGE_COMMAND_MAX_BYTES,
        encoding: 'utf8',
      }));
    } catch (error) {
      throw new Error(`storage.command failed: ${whyItFailed(error)}`, { cause: error });
    }
    const listing = readStoredListing(stdout);
    if ('problem' in listing) throw new Error(`storage.command printed something else: ${listing.problem}`);
    return listing.stored;
  };
}

/** What went wrong with the command, in a phrase: its own error output first, then how it ended. */
function whyItFailed(error: unknown): string {
  const failed = (typeof error === 'object' && error !== null ? error : {}) as { stderr?: unknown; killed?: boolean; code?: unknown; signal?: unknown };
  const stderr = typeof failed.stderr === 'string' ? (failed.stderr.trim().split('\n')[0] ?? '') : '';
  if (failed.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `it printed more than ${STORAGE_COMMAND_MAX_BYTES / 1024 / 1024} MB`;
  if (failed.killed === true) return `it did not finish within ${STORAGE_COMMAND_TIMEOUT_MS / 1000} s`;
  if (stderr !== '') return stderr;
  return typeof failed.code === 'number' ? `it exited with status ${failed.code}` : String(error);
}
