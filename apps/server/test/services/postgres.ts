import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { installHint, postgresBinDir } from './availability.ts';
import { freePort } from './free-port.ts';
import { runSetup, spawnService } from './service-process.ts';

/** A throwaway PostgreSQL server of the test's own: its own data directory, port and socket. */
export interface PostgresServer {
  /** postgres://…@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** A fresh, empty database on this server (CREATE DATABASE with a random name); returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown) and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
  /** The postmaster's process id; each connection is served by a child process of it. */
  readonly pid: number;
}

const SUPERUSER = 'authlab';
/** Debian's package creates this system user; PostgreSQL will not run as root. */
const SYSTEM_USER = 'postgres';
const READY_TIMEOUT_MS = 20_000;

export interface PostgresOptions {
  /**
   * Flush every commit to disk (fsync on, PostgreSQL's default), as a production server does. Off
   * by default: a crash loses this throwaway data anyway, and the tests run faster. The bench
   * turns it on, to compare with SQLite, which syncs every commit (store/database.ts).
   */
  durable?: boolean;
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const binDir = postgresBinDir();
  if (binDir === undefined) throw new Error(installHint('postgres'));
  // The scratch directory holds the data directory and the Unix socket (never /var/run, which
  // a system cluster may be using); only the server's user may enter it.
  const scratch = mkdtempSync(path.join(tmpdir(), 'authlab-postgres-'));
  if (process.getuid?.() === 0) chownSync(scratch, systemId(SYSTEM_USER, '-u'), systemId(SYSTEM_USER, '-g'));
  const dataDir = path.join(scratch, 'data');
  const port = await freePort();
  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  try {
    await runSetup(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--no-locale', '--encoding=UTF8'], {
      cwd: scratch,
      user: SYSTEM_USER,
    });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  // Trust (no password) is safe only because nothing but this machine's loopback and the
  // private socket directory can reach it; initdb's default file would also trust ::1.
  writeFileSync(path.join(dataDir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  const server = spawnService(
    path.join(binDir, 'postgres'),
    // -h is listen_addresses: loopback only.
    ['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', scratch, ...(options.durable === true ? [] : ['-c', 'fsync=off'])],
    { cwd: scratch, user: SYSTEM_USER, orphanSignal: 'SIGINT' },
  );
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= server.stop('SIGINT').then(() => rmSync(scratch, { recursive: true, force: true })));
  try {
    await server.waitUntilReady(() => query(url, 'SELECT 1'), { name: 'PostgreSQL', timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async createDatabase() {
      const name = `test_${randomBytes(8).toString('hex')}`;
      // The name is ours (hex), so quoting it is enough; CREATE DATABASE takes no parameters.
      await query(url, `CREATE DATABASE "${name}"`);
      const database = new URL(url);
      database.pathname = `/${name}`;
      return database.href;
    },
    stop,
    pid: server.pid,
  };
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  // An error on an idle client (the server shutting down under it) must not crash the run.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A system user's uid (-u) or primary gid (-g), as the system's own `id` resolves it. */
function systemId(user: string, which: '-u' | '-g'): number {
  const id = spawnSync('id', [which, user], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error(`No system user ${user} to run PostgreSQL as (Debian's postgresql package creates it): ${id.stderr}`);
  return Number(id.stdout.trim());
}
