import { readdirSync, readFileSync } from 'node:fs';

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

/** Fields 3 onwards of /proc/<pid>/stat: the command name (field 2) is in parentheses and may hold spaces. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Fields 14 onwards as numbers, checked: fields[0] is field 3 (state), so field N is fields[N - 3]. */
function ticks(fields: readonly string[], field: number): number {
  const value = Number(fields[field - 3]);
  if (!Number.isFinite(value)) throw new Error(`unexpected /proc stat field ${field}: ${fields.join(' ')}`);
  return value;
}

/** User plus system CPU seconds the process has used: fields 14 and 15 of /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (ticks(fields, 14) + ticks(fields, 15)) / TICKS_PER_SECOND;
}

/**
 * CPU seconds of a server that works in child processes (PostgreSQL serves each connection in
 * one): its own, its children's that have exited (fields 16 and 17, which the kernel adds once
 * the parent has waited for them) and its live children's. A child that exits between two readings
 * moves from the live sum to the exited one, so differences between readings stay right.
 */
export function treeCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  let total = ticks(fields, 14) + ticks(fields, 15) + ticks(fields, 16) + ticks(fields, 17);
  for (const child of childrenOf(pid)) {
    try {
      const childFields = statFields(child);
      total += ticks(childFields, 14) + ticks(childFields, 15) + ticks(childFields, 16) + ticks(childFields, 17);
    } catch {
      // Gone between the listing and the reading: its time is in the parent's fields 16 and 17 now, or soon.
    }
  }
  return total / TICKS_PER_SECOND;
}

/** The live children of `pid`: every process whose parent (field 4) it is. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((other) => {
      try {
        return ticks(statFields(other), 4) === pid;
      } catch {
        return false;
      }
    });
}
