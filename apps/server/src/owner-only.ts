import { chmodSync, statSync } from 'node:fs';

/**
 * chmod 0600 when group or others may read or write the file (created earlier, or loosened by
 * hand); nothing when it does not exist. Secrets and stored credentials are the owner's alone.
 */
export function restrictToOwner(file: string): void {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats !== undefined && (stats.mode & 0o077) !== 0) chmodSync(file, 0o600);
}
