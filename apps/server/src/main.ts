import { exerciseRunsPath } from '@authlab/lab-files';
import { existsSync } from 'node:fs';
import { isIP, type AddressInfo } from 'node:net';
import path from 'node:path';
import { networkInterfaces } from 'node:os';
import { classroomOf, createApp, whenAppReady } from './app.ts';
import { classLink } from './classroom/class-report.ts';
import type { Classroom } from './classroom/classroom.ts';
import { isLoopback, readEnv, type ServerEnv } from './env.ts';
import { createHTTPServer } from './http-server.ts';
import { loadOrCreateJWTSecret, loadOrCreateSharedJWTSecret } from './jwt-secret.ts';
import { connectRedisCounters, createMemoryCounters, type SharedCounters } from './counters/index.ts';
import { openDatabase, openPostgresDatabase, type LabDatabase } from './store/database.ts';
import { loadOrCreateTLSCertificate } from './tls-certificate.ts';

const env = readEnvOrExit();

// Classroom mode is itself the explicit opt-in: its stages answer only the learner whose workspace they are.
if (!isLoopback(env.host) && !env.remoteAllowed && env.classroom === undefined) {
  console.error(
    `Refusing to listen on ${env.host}: stages 1-5 are insecure on purpose and must not be reachable from other machines.\n` +
      'Set AUTHLAB_ALLOW_REMOTE=1 as well if you really mean it (for example, a classroom network you control).',
  );
  process.exit(1);
}

const database = await openDatabaseOrExit(env);
const counters = await connectCountersOrExit(env);
const playgroundBuilt = existsSync(path.join(env.playgroundDir, 'index.html'));
const app = createApp({
  database,
  counters,
  // Processes sharing a database must sign with one secret; one process keeps it in its data directory.
  jwtSecret: env.databaseUrl === undefined ? loadOrCreateJWTSecret(env.dataDir) : await loadOrCreateSharedJWTSecret(database),
  settings: { bcryptCost: env.bcryptCost },
  allowedHosts: env.allowedHosts,
  exerciseRunsFile: exerciseRunsPath(env.dataDir),
  // Reachable from other machines: reset and the breach dump become this machine's only.
  exposure: isLoopback(env.host) ? 'loopback' : 'network',
  ...(playgroundBuilt ? { playgroundDir: env.playgroundDir } : {}),
  ...(env.trustProxy === undefined ? {} : { trustProxy: env.trustProxy }),
  ...(env.classroom === undefined
    ? {}
    : {
        classroom: {
          idleMs: env.classroom.idleHours * 3_600_000,
          maxWorkspaces: env.classroom.maxWorkspaces,
          ...(env.classroom.publicOrigin === undefined ? {} : { publicOrigin: env.classroom.publicOrigin }),
        },
      }),
});
const classroom = classroomOf(app);

// Generated here, once, before listening: never on a request path.
const certificate = env.https ? await loadOrCreateTLSCertificate({ dataDir: env.dataDir, names: certificateNames(env) }) : undefined;
const server = createHTTPServer(app, certificate === undefined ? {} : { tls: certificate });
await whenAppReady(app);
// Asked for explicitly: every process that shares the database loses its learners with it.
if (classroom !== undefined && env.classroom?.newClass === true) await classroom.store.startOver();
server.listen(env.port, env.host, () => void printStartup().catch(exitWith('Could not start AuthLab')));

async function printStartup(): Promise<void> {
  const { port } = server.address() as AddressInfo;
  const host = env.host.includes(':') ? `[${env.host}]` : env.host;
  const origin = env.classroom?.publicOrigin ?? `${env.https ? 'https' : 'http'}://${reachableHost(env.host)}:${port}`;
  if (!isLoopback(env.host)) {
    console.warn(
      [
        '',
        '!'.repeat(78),
        `!! WARNING: AuthLab is listening on ${env.host}, reachable from other machines.`,
        '!! Stages 1-5 are INSECURE ON PURPOSE: plain-text passwords, no expiry, no lockout.',
        '!! Use only on a network you control, with made-up passwords, and stop it when done.',
        classroom === undefined
          ? '!! Reset and the breach dump answer only this machine. Reached by a name rather than an IP?'
          : '!! Classroom mode: each learner reaches only their own workspace. Reached by a name rather than an IP?',
        '!! List it in AUTHLAB_ALLOWED_HOSTS, or browsers get 421 host_not_allowed.',
        '!'.repeat(78),
        '',
      ].join('\n'),
    );
  }
  console.log(`AuthLab ${classroom === undefined ? 'is' : 'classroom is'} running at ${env.https ? 'https' : 'http'}://${host}:${port}`);
  console.log(`Data directory: ${env.dataDir}`);
  if (classroom !== undefined) await printClassroom(classroom, origin).catch(exitWith('Could not read the class from the database'));
  if (certificate !== undefined) {
    console.log(
      `TLS certificate: self-signed, ${certificate.generated ? 'generated now' : 'reused'}, valid until ${certificate.validTo.toISOString().slice(0, 10)}\n` +
        `  SHA-256 fingerprint ${certificate.fingerprint256}\n` +
        '  Your browser will warn: no certificate authority vouches for this one. Check that the fingerprint it shows matches, then accept it.',
    );
  }
  if (!playgroundBuilt) console.log('The playground is not built, so only the API is served; `npm start` builds it.');
}

server.on('error', (error) => {
  console.error(`Could not start AuthLab: ${error.message}`);
  process.exit(1);
});

async function openDatabaseOrExit({ databaseUrl, dataDir }: ServerEnv): Promise<LabDatabase> {
  if (databaseUrl === undefined) return openDatabase(dataDir);
  try {
    return await openPostgresDatabase(databaseUrl);
  } catch (error) {
    console.error(`Could not open the database at AUTHLAB_DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

async function connectCountersOrExit({ redisUrl, databaseUrl, classroom: classroomEnv }: ServerEnv): Promise<SharedCounters> {
  if (redisUrl === undefined) {
    if (databaseUrl !== undefined && classroomEnv !== undefined) {
      console.warn(
        'AUTHLAB_DATABASE_URL is set but AUTHLAB_REDIS_URL is not: rate limits, request caps and attack slots are counted in this\n' +
          "process's memory. Run ONE process like this; several need Redis, or each lets through its own allowance (lesson 6).",
      );
    }
    return createMemoryCounters();
  }
  if (databaseUrl === undefined) {
    console.warn("AUTHLAB_REDIS_URL is set but AUTHLAB_DATABASE_URL is not: the class lives in this process's SQLite file, so run one process.");
  }
  try {
    return await connectRedisCounters(redisUrl);
  } catch (error) {
    console.error(`Could not reach Redis at AUTHLAB_REDIS_URL: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

function exitWith(what: string): (error: unknown) => never {
  return (error) => {
    console.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };
}

function readEnvOrExit(): ServerEnv {
  try {
    return readEnv(process.env, process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** AUTHLAB_ALLOWED_HOSTS, and the address HOST names when it is one (not 0.0.0.0 or ::, which name none). */
function certificateNames({ allowedHosts, host }: ServerEnv): string[] {
  const concreteAddress = isIP(host) !== 0 && host !== '0.0.0.0' && host !== '::';
  return concreteAddress ? [...allowedHosts, host] : allowedHosts;
}

async function printClassroom(room: Classroom, origin: string): Promise<void> {
  // On loopback alone (or behind a TLS proxy on this machine) the cookies never cross a network in clear.
  const secureCookies = origin.startsWith('https:') || (isLoopback(env.host) && env.classroom?.publicOrigin === undefined);
  const { joinCode } = await room.store.status();
  const learners = await room.store.count();
  console.log(
    [
      '',
      joinCode === null ? 'Joining is closed: open it again from the dashboard.' : `Class link:       ${classLink(origin, joinCode)}`,
      ...(joinCode === null ? [] : [`Join code:        ${joinCode}`]),
      ...(learners === 0 ? [] : [`Learners:         ${learners} already in this class (AUTHLAB_NEW_CLASS=1 starts a new one)`]),
      `Instructor link:  ${await room.instructorLink(origin)}`,
      '                  (shown once and good for one sign-in: open it in your browser now, keep it off the projector)',
      `Idle workspaces are deleted after ${env.classroom?.idleHours ?? 24} h. Learners need only a browser; see docs/classroom.md.`,
      // An https public URL means a TLS proxy in front; unless the server trusts it, it cannot tell.
      ...(env.classroom?.publicOrigin?.startsWith('https:') === true && env.trustProxy === undefined && !env.https
        ? [
            '',
            'AUTHLAB_PUBLIC_URL is https, but AUTHLAB_TRUST_PROXY is not set: the server cannot see that the proxy used TLS,',
            "so cookies go out without Secure, and every learner looks like the proxy's address to the guess limits.",
            "Set AUTHLAB_TRUST_PROXY=loopback (or the proxy's address); see docs/classroom.md.",
          ]
        : []),
      ...(secureCookies
        ? []
        : [
            '',
            "Served over plain HTTP: anyone on the network path can read the learners' workspace cookies.",
            'For a real class, put it behind TLS (AUTHLAB_PUBLIC_URL=https://… with a TLS proxy, or AUTHLAB_HTTPS=1).',
          ]),
      '',
    ].join('\n'),
  );
}

/** 0.0.0.0 and :: name every address, so a link needs one of them: the first external IPv4, else loopback. */
function reachableHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);
  return external?.address ?? '127.0.0.1';
}

function shutdown(): void {
  classroom?.close();
  server.close(() => {
    void Promise.allSettled([database.close(), counters.close()]).finally(() => process.exit(0));
  });
  // Keep-alive connections would hold close() open; give them a moment, then go.
  setTimeout(() => process.exit(0), 2000).unref();
}
// Every request's failure reaches the error handler; this is for background work (a sweep, a
// live update) that slipped through: one lesson server must not go down for it.
process.on('unhandledRejection', (error) => console.error('AuthLab: unhandled failure in background work:', error));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
