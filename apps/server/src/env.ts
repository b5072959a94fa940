import path from 'node:path';
import { MIN_BCRYPT_COST } from '@authlab/auth-core';
import { REPO_ROOT, readDataDir } from '@authlab/lab-files';

export interface ServerEnv {
  host: string;
  port: number;
  dataDir: string;
  bcryptCost: number;
  /** Set by AUTHLAB_ALLOW_REMOTE=1: binding a non-loopback address was asked for explicitly. */
  remoteAllowed: boolean;
  /** AUTHLAB_ALLOWED_HOSTS: names the server answers to besides IP addresses and localhost. */
  allowedHosts: string[];
  /** The playground's production build, served at `/`. */
  playgroundDir: string;
  /** Serve over TLS with a locally generated certificate: AUTHLAB_HTTPS=1 or `npm start -- --https`. */
  https: boolean;
}

/** The only command-line option; `npm start -- --https` hands it through turbo to src/main.ts. */
const HTTPS_FLAG = '--https';

/**
 * The only place that reads process.env. `argv` is the command line after the script
 * (`process.argv.slice(2)`). Throws a readable message for bad values.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): ServerEnv {
  const unknown = argv.find((arg) => arg !== HTTPS_FLAG);
  if (unknown !== undefined) throw new Error(`Unknown option "${unknown}": the server takes only ${HTTPS_FLAG}`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${env.PORT}"`);
  const bcryptCost = Number(env.AUTHLAB_BCRYPT_COST ?? 12);
  if (!Number.isInteger(bcryptCost) || bcryptCost < MIN_BCRYPT_COST || bcryptCost > 15) {
    throw new Error(`AUTHLAB_BCRYPT_COST must be ${MIN_BCRYPT_COST}-15, got "${env.AUTHLAB_BCRYPT_COST}"`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: readDataDir(env),
    bcryptCost,
    remoteAllowed: env.AUTHLAB_ALLOW_REMOTE === '1',
    allowedHosts: readAllowedHosts(env.AUTHLAB_ALLOWED_HOSTS),
    playgroundDir: path.join(REPO_ROOT, 'apps/playground/dist'),
    https: readHTTPS(env.AUTHLAB_HTTPS) || argv.includes(HTTPS_FLAG),
  };
}

/** Strict, unlike the other switches: a learner who typed AUTHLAB_HTTPS=true must not get plain HTTP silently. */
function readHTTPS(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`AUTHLAB_HTTPS must be 1 (serve over TLS) or 0, got "${value}"`);
}

/** Dot-separated labels of letters, digits and inner hyphens (underscores too, as some local names use them). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** `lab.example.org,authlab.local` → lower-case names; throws on anything that is not a bare host name. */
function readAllowedHosts(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry) => {
    const name = entry.toLowerCase().replace(/\.$/, '');
    if (!HOST_NAME.test(name)) {
      throw new Error(
        'AUTHLAB_ALLOWED_HOSTS must be comma-separated host names without scheme, port or wildcard ' +
          `(e.g. lab.example.org,authlab.local; IP addresses and localhost are always accepted), got "${entry}"`,
      );
    }
    return name;
  });
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
