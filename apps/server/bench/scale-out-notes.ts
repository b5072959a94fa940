import { cpuOf, fmt, ratio, type Measured } from './scale-out-figures.ts';

/**
 * The scale-out subsection's notes: where the time goes on this machine, and what more cores or
 * machines would give. Every number they quote comes from the run; what is reasoning rather than
 * measurement says so.
 */

/** The classroom's fair queue lets each process run this many hashes at once (DEFAULT_WORKSPACE_LIMITS.hashSlots). */
const HASH_SLOTS = 2;

export function scaleOutNotes(rows: readonly Measured[], run: { cores: number; loadAverage: string; bcryptCost: number; learners: number }): string {
  const [direct, proxied, sharedOne, ...more] = rows;
  if (direct === undefined || proxied === undefined || sharedOne === undefined) return '';
  const most = more.at(-1) ?? sharedOne;
  const processes = most.result.topology.kind === 'shared' ? most.result.topology.processes : 1;
  const { cores } = run;
  const cpu = (row: Measured, prefix: string): number => cpuOf(row.result.classCPU, prefix);
  /** Cores kept busy on average during the classes. */
  const busy = (row: Measured, prefix?: string): number => (prefix === undefined ? row.totalCPU : cpu(row, prefix)) / row.classSecondsTotal;
  const perRequestMs = (row: Measured, prefix: string): number => (cpu(row, prefix) * 1000) / row.result.classRequests;
  const perLoginMs = (row: Measured): number => (cpuOf(row.result.loginCPU, 'AuthLab') * 1000) / row.result.logins;
  const loginsPerCore = 1000 / perLoginMs(direct);
  const busyRange = rows.map((row) => busy(row));
  const storeMsPerRequest = perRequestMs(sharedOne, 'PostgreSQL') + perRequestMs(sharedOne, 'Redis');

  return `#### Where the time goes

- **Two cores for everything.** The AuthLab processes (each with one JavaScript thread and bcrypt on libuv's thread pool), PostgreSQL, Redis, Caddy and the runner that plays the class all share this machine's ${cores} cores, and so do the other jobs on it (load average ${run.loadAverage} when this part began). The processes measured here kept ${fmt(Math.min(...busyRange), 2)} to ${fmt(Math.max(...busyRange), 2)} cores busy during the classes. A second AuthLab process brings no core with it: it takes turns with the first on the same ${cores}, hashing and serving, next to PostgreSQL, Redis, Caddy and the runner. Expect about no gain, or a loss. Measured: ${most.result.label}, class completion ${ratio(most.classSeconds, direct.classSeconds)} and logins per second ${ratio(most.loginsPerSecond, direct.loginsPerSecond)} next to one process on SQLite; next to one process on the same store, class completion ${ratio(most.classSeconds, sharedOne.classSeconds)} and logins per second ${ratio(most.loginsPerSecond, sharedOne.loginsPerSecond)}. Where a row that adds work (the proxy, the shared store) comes out faster than the row without it, read the difference as the other jobs on the machine, not as a speed-up: the proxy and the shared store only ever add work to a request.
- **bcrypt.** A stage 3 login cost the AuthLab process ${fmt(perLoginMs(direct))} ms of CPU (one process on SQLite; ${fmt(perLoginMs(most))} ms with ${processes} processes on PostgreSQL and Redis), the hash at cost ${run.bcryptCost} included. With ${HASH_SLOTS} hashes at once per process under the fair queue, one process can already keep ${HASH_SLOTS} cores hashing: this machine has none left over for a second one.
- **The proxy.** Caddy ends TLS and passes each request on over loopback, and the runner does the client half of TLS. One process behind Caddy next to the same process reached directly: class completion ${ratio(proxied.classSeconds, direct.classSeconds)}, non-bcrypt p95 ${ratio(proxied.lightP95, direct.lightP95)}, bcrypt login p95 ${ratio(proxied.bcryptP95, direct.bcryptP95)}. Caddy used ${fmt(perRequestMs(proxied, 'Caddy'), 2)} ms of CPU per request of the class (${fmt(busy(proxied, 'Caddy'), 2)} cores while it ran).
- **Round trips to PostgreSQL and Redis.** On SQLite a query is a call into a library inside the process; on PostgreSQL and Redis every query and count is a round trip over loopback to another process, and one request makes several (its workspace, its place in the workspace's share, the stage's rows). One process on PostgreSQL and Redis next to one on SQLite, both behind Caddy: class completion ${ratio(sharedOne.classSeconds, proxied.classSeconds)}, non-bcrypt p95 ${ratio(sharedOne.lightP95, proxied.lightP95)}. The services' own work is small: ${fmt(perRequestMs(sharedOne, 'PostgreSQL'), 2)} ms of PostgreSQL CPU and ${fmt(perRequestMs(sharedOne, 'Redis'), 2)} ms of Redis CPU per request of the class; with ${processes} processes they kept ${fmt(busy(most, 'PostgreSQL') + busy(most, 'Redis'), 2)} cores busy between them.
- **The runner.** One Node thread plays every learner, the practice checks and the brute force included, and does the client side of TLS: it used ${fmt(busy(proxied, 'runner'), 2)} cores during the classes behind Caddy and ${fmt(busy(direct, 'runner'), 2)} without it; its JavaScript runs on one thread, so about one core is its ceiling.

#### What a larger machine, or more machines, would give

What a class waits for is bcrypt, and bcrypt scales with cores across processes: each process hashes on libuv's thread pool (4 threads by default), at most ${HASH_SLOTS} at once under the fair queue, and serves everything else on its one JavaScript thread, so a process keeps at most ${HASH_SLOTS} cores hashing, plus what its JavaScript thread uses. On a machine with ${HASH_SLOTS} cores or more for each AuthLab process, or on several machines, every process adds its own: at the ${fmt(perLoginMs(direct))} ms of CPU per login measured here, about ${fmt(HASH_SLOTS * loginsPerCore)} logins per second each. That is arithmetic on this run's figures, not a measurement on a larger machine; the proxy, the services and the network take their share on top.

The shared database and counters are not what limits a class: ${fmt(storeMsPerRequest, 2)} ms of their CPU per request, next to ${fmt(perLoginMs(direct))} ms for one bcrypt login, means that one core given to PostgreSQL and Redis serves about ${fmt(Math.round(1000 / storeMsPerRequest / 100) * 100)} requests per second; this class of ${run.learners} sent ${fmt(sharedOne.result.classRequests / sharedOne.classSecondsTotal)} per second while it ran. What they cost is latency: every round trip adds a little to a request, however many processes there are. That is the price of a class that outlives a process, or a machine, that dies.`;
}
