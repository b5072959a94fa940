import { isLoopback } from '@authlab/contract';

/**
 * The CLIs reach this machine only, unless the learner says an API outside it is theirs to
 * `action` (test or attack): then they do, after a warning on `warn` (stderr).
 */
export function allowTarget(url: URL, options: { allowRemote: boolean | undefined; action: 'test' | 'attack'; warn: (line: string) => void }): void {
  if (isLoopback(url)) return;
  if (!options.allowRemote) {
    throw new Error(
      `${url.origin} is not on this machine; pass --allow-remote-target to ${options.action} an API outside it, and only one you are allowed to ${options.action}`,
    );
  }
  options.warn(`WARNING: ${url.origin} is outside this machine. Only ${options.action} an API you own or have written permission to test.\n`);
}
