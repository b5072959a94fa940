import { readFileSync } from 'node:fs';

/**
 * Another process's resident memory and CPU time, read from Linux's /proc: the server runs in its
 * own process, and `process.memoryUsage()` only ever answers for the process that calls it.
 */

/** Resident set size in bytes: `VmRSS` of /proc/<pid>/status, which the kernel gives in kB. */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kilobytes) * 1024;
}

/**
 * The kernel's clock ticks per second for /proc/<pid>/stat (USER_HZ). It is 100 on every Linux
 * architecture Node runs on; the kernel keeps it fixed because programs depend on it.
 */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds the process has used: fields 14 and 15 of /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and field 15 (stime) fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unexpected /proc/${pid}/stat: ${stat}`);
  return (utime + stime) / TICKS_PER_SECOND;
}
