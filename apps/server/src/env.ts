import { isIP } from 'node:net';
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
  /** AUTHLAB_MODE=classroom (`npm run classroom`): one workspace per learner and an instructor dashboard. */
  classroom: ClassroomEnv | undefined;
  /** AUTHLAB_TRUST_PROXY: a hop count, or the proxies' addresses (Express's `trust proxy`); never "trust everyone". */
  trustProxy: number | string | undefined;
  /** AUTHLAB_DATABASE_URL (postgres://…): the PostgreSQL database several processes share; SQLite in the data directory without it. */
  databaseUrl: string | undefined;
  /** AUTHLAB_REDIS_URL (redis://…): where several processes count rate limits and request caps together; this process's memory without it. */
  redisUrl: string | undefined;
}

export interface ClassroomEnv {
  /** AUTHLAB_IDLE_HOURS (default 24): a workspace unused this long is deleted with its data. */
  idleHours: number;
  /** AUTHLAB_CLASS_SIZE (default 200): workspaces the class may hold. */
  maxWorkspaces: number;
  /** AUTHLAB_PUBLIC_URL: the origin learners open (a TLS proxy's), for the printed links. */
  publicOrigin: string | undefined;
  /** AUTHLAB_NEW_CLASS=1: forget the class the database holds (learners, instructor, progress) and start a new one. */
  newClass: boolean;
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
  const classroom = readClassroom(env);
  const allowedHosts = readAllowedHosts(env.AUTHLAB_ALLOWED_HOSTS);
  // The public URL's name is one the server must answer to.
  if (classroom?.publicOrigin !== undefined) {
    const { hostname } = new URL(classroom.publicOrigin);
    if (isIP(hostname.replace(/^\[(.*)\]$/, '$1')) === 0 && !allowedHosts.includes(hostname)) allowedHosts.push(hostname);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: readDataDir(env),
    bcryptCost,
    remoteAllowed: env.AUTHLAB_ALLOW_REMOTE === '1',
    allowedHosts,
    playgroundDir: path.join(REPO_ROOT, 'apps/playground/dist'),
    https: readHTTPS(env.AUTHLAB_HTTPS) || argv.includes(HTTPS_FLAG),
    classroom,
    trustProxy: readTrustProxy(env.AUTHLAB_TRUST_PROXY),
    databaseUrl: readServiceUrl('AUTHLAB_DATABASE_URL', env.AUTHLAB_DATABASE_URL, ['postgres:', 'postgresql:'], 'postgres://authlab@db.example.org/authlab'),
    redisUrl: readServiceUrl('AUTHLAB_REDIS_URL', env.AUTHLAB_REDIS_URL, ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  };
}

/** A service's URL, checked for its scheme; the password it may carry never appears in the message. */
function readServiceUrl(name: string, value: string | undefined, protocols: readonly string[], example: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !protocols.includes(url.protocol) || url.hostname === '') {
    throw new Error(`${name} must be a ${protocols[0]?.replace(':', '')} URL such as ${example}`);
  }
  return value;
}

function readClassroom(env: NodeJS.ProcessEnv): ClassroomEnv | undefined {
  const mode = env.AUTHLAB_MODE ?? 'local';
  if (mode !== 'local' && mode !== 'classroom') throw new Error(`AUTHLAB_MODE must be local or classroom, got "${mode}"`);
  if (mode === 'local') return undefined;
  const idleHours = Number(env.AUTHLAB_IDLE_HOURS ?? 24);
  if (!Number.isFinite(idleHours) || idleHours < 0.01 || idleHours > 720) {
    throw new Error(`AUTHLAB_IDLE_HOURS must be a number of hours from 0.01 to 720, got "${env.AUTHLAB_IDLE_HOURS}"`);
  }
  const maxWorkspaces = Number(env.AUTHLAB_CLASS_SIZE ?? 200);
  if (!Number.isInteger(maxWorkspaces) || maxWorkspaces < 1 || maxWorkspaces > 2000) {
    throw new Error(`AUTHLAB_CLASS_SIZE must be a whole number from 1 to 2000, got "${env.AUTHLAB_CLASS_SIZE}"`);
  }
  const newClass = env.AUTHLAB_NEW_CLASS ?? '0';
  if (newClass !== '0' && newClass !== '1') throw new Error(`AUTHLAB_NEW_CLASS must be 1 (start a new class) or 0, got "${newClass}"`);
  return { idleHours, maxWorkspaces, publicOrigin: readPublicOrigin(env.AUTHLAB_PUBLIC_URL), newClass: newClass === '1' };
}

function readPublicOrigin(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`AUTHLAB_PUBLIC_URL must be a URL such as https://class.example.org, got "${value}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(`AUTHLAB_PUBLIC_URL must be an http(s) origin without path or credentials, such as https://class.example.org, got "${value}"`);
  }
  return url.origin;
}

/** Express's named ranges; `true` (trust any X-Forwarded-For) is refused: a client could then claim any address. */
const TRUSTED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function readTrustProxy(value: string | undefined): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (TRUSTED_RANGES.has(entry)) return true;
    const [address = '', bits, ...rest] = entry.split('/');
    return rest.length === 0 && isIP(address) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
  });
  if (!valid) {
    throw new Error(`AUTHLAB_TRUST_PROXY must be the number of proxies in front (1-10) or their addresses (e.g. 127.0.0.1, 10.0.0.0/8, loopback), got "${value}"`);
  }
  return entries.join(',');
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
