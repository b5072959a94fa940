import { DEFAULT_WORKSPACE_LIMITS } from '../src/classroom/workspace-gate.ts';
import { startPostgres } from '../test/services/postgres.ts';
import { startRedis } from '../test/services/redis.ts';
import { startCaddyProxy } from './caddy-proxy.ts';
import { startBenchServer, type BenchServer, type Deployment } from './load.ts';
import { nodeFetch, type NodeFetch } from './node-fetch.ts';
import { cpuSeconds, treeCpuSeconds } from './proc.ts';

/**
 * The classroom deployments the scale-out bench compares, each started for the whole run:
 * - `direct`: one process, the class in SQLite, counters in memory, no proxy (`npm run classroom`);
 * - `proxied`: the same process behind Caddy with deploy/Caddyfile, to show what the proxy costs;
 * - `shared`: N processes on one PostgreSQL and one Redis behind that Caddy (compose.yaml's
 *   topology, as test/scale-out.test.ts runs it), each deployment with services of its own.
 *   PostgreSQL flushes every commit to disk, as SQLite does here: the comparison is of engines
 *   that keep what they acknowledged, not of one that skips the disk.
 * Every deployment is a class of its own; the bench server (bench/server.ts) is the production app.
 */

export type Topology = { kind: 'direct' } | { kind: 'proxied' } | { kind: 'shared'; processes: number };

export interface RunningDeployment {
  /** e.g. `2 processes, PostgreSQL + Redis, behind Caddy` */
  label: string;
  topology: Topology;
  /** Where learners send their requests: the proxy, or the one process. */
  url: string;
  client: NodeFetch;
  joinCode: string;
  servers: BenchServer[];
  /** CPU seconds used so far by each process that serves the class, by name; the runner's too. */
  cpuSeconds(): Record<string, number>;
  stop(): Promise<void>;
}

export function topologyLabel(topology: Topology): string {
  if (topology.kind === 'direct') return '1 process, SQLite, memory counters, direct';
  if (topology.kind === 'proxied') return '1 process, SQLite, memory counters, behind Caddy';
  return `${topology.processes} process${topology.processes === 1 ? '' : 'es'}, PostgreSQL + Redis, behind Caddy`;
}

export async function startDeployment(topology: Topology, bcryptCost: number): Promise<RunningDeployment> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    // The proxy first, then the processes, then what they stand on.
    for (const step of stops.reverse()) await step().catch(() => {});
  };
  try {
    const services = topology.kind === 'shared' ? await Promise.all([startPostgres({ durable: true }), startRedis()]) : undefined;
    if (services !== undefined) stops.push(() => Promise.all(services.map((service) => service.stop())).then(() => {}));
    const deployment: Deployment = {
      ...(services === undefined ? {} : { databaseUrl: await services[0].createDatabase(), redisUrl: services[1].url }),
      // Behind Caddy, as compose.yaml sets it: one hop may say who the client is and that TLS was used.
      ...(topology.kind === 'direct' ? {} : { trustProxy: 1 }),
    };
    const start = (): Promise<BenchServer> => startBenchServer({ bcryptCost }, { limits: DEFAULT_WORKSPACE_LIMITS }, deployment);
    // One first: it creates the class in the database, and the others find it there.
    const servers = [await start()];
    stops.push(() => Promise.all(servers.map((server) => server.stop())).then(() => {}));
    const processes = topology.kind === 'shared' ? topology.processes : 1;
    servers.push(...(await Promise.all(Array.from({ length: processes - 1 }, start))));
    const proxy = topology.kind === 'direct' ? undefined : await startCaddyProxy(servers.map((server) => new URL(server.url).host));
    if (proxy !== undefined) stops.push(proxy.stop);
    const client = proxy?.client ?? nodeFetch();
    if (proxy === undefined) stops.push(async () => client.close());
    const runner = process.cpuUsage();
    return {
      label: topologyLabel(topology),
      topology,
      url: proxy?.url ?? servers[0]?.url ?? '',
      client,
      joinCode: servers[0]?.joinCode ?? '',
      servers,
      cpuSeconds: () => {
        const used = process.cpuUsage(runner);
        return {
          ...Object.fromEntries(servers.map((server, index) => [`AuthLab ${index + 1}`, cpuSeconds(server.pid)])),
          ...(proxy === undefined ? {} : { Caddy: cpuSeconds(proxy.pid) }),
          ...(services === undefined ? {} : { PostgreSQL: treeCpuSeconds(services[0].pid), Redis: cpuSeconds(services[1].pid()) }),
          // The class, its checks and attacks, and the client side of TLS all run here.
          runner: (used.user + used.system) / 1e6,
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
