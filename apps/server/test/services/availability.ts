import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Which of the real services the tests start for themselves are installed here. Tests never
 * use a mock or a container: they run Debian's own binaries (installed in CI by .ci/run).
 */

type Service = 'postgres' | 'redis';

const INSTALL = 'apt-get install postgresql redis-server';
const DEBIAN_POSTGRES = '/usr/lib/postgresql';

/**
 * The directory holding initdb and postgres: Debian keeps each major version apart under
 * /usr/lib/postgresql/<version>/bin (the newest wins), and leaves them off PATH.
 */
export function postgresBinDir(): string | undefined {
  if (!existsSync(DEBIAN_POSTGRES)) return undefined;
  return readdirSync(DEBIAN_POSTGRES)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(DEBIAN_POSTGRES, version, 'bin'))
    .find((dir) => ['initdb', 'postgres'].every((binary) => existsSync(path.join(dir, binary))));
}

/** By its full path, so that no other redis-server on PATH stands in for Debian's. */
export const REDIS_SERVER = '/usr/bin/redis-server';

export function redisInstalled(): boolean {
  return existsSync(REDIS_SERVER);
}

/** What to tell someone who lacks a service, thrown by the harness that needs it. */
export function installHint(service: Service): string {
  const name = service === 'postgres' ? 'PostgreSQL (initdb, postgres)' : 'Redis (redis-server)';
  return `${name} is not installed: \`${INSTALL}\` (Debian, Ubuntu)`;
}

/**
 * The convention for a test file that needs real services, as for Caddy in
 * classroom-proxy.test.ts: on a developer's machine without them the file is skipped with a
 * note on what to install; in CI it is not skipped, so starting the missing service fails it.
 */
export function skipWithoutServices(testFile: string, services: readonly Service[]): boolean {
  const missing = services.filter((service) => (service === 'postgres' ? postgresBinDir() === undefined : !redisInstalled()));
  const skip = missing.length > 0 && process.env.CI !== 'true';
  if (skip) console.warn(`${path.basename(testFile)} skipped. ${missing.map(installHint).join('; ')}`);
  return skip;
}
