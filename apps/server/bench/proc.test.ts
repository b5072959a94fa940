import { describe, expect, it } from 'vitest';
import { cpuSeconds, residentBytes } from './proc.ts';

/** The classroom bench reads the server's memory and CPU time from /proc, as another process; here it reads its own. */

describe('reading a process from /proc', () => {
  it('gives the resident memory Node itself reports, within what a few allocations move', () => {
    const fromProc = residentBytes(process.pid);
    const fromNode = process.memoryUsage().rss;
    expect(Math.abs(fromProc - fromNode)).toBeLessThan(8 * 1024 * 1024);
  });

  it('gives CPU time that grows with work and agrees with process.cpuUsage', () => {
    const before = cpuSeconds(process.pid);
    const usageBefore = process.cpuUsage();
    // Busy until Node counts 200 ms of CPU, however loaded the machine is.
    while (process.cpuUsage(usageBefore).user < 200_000);
    const used = cpuSeconds(process.pid) - before;
    const usage = process.cpuUsage(usageBefore);
    const reported = (usage.user + usage.system) / 1e6;
    expect(used).toBeGreaterThan(0.15);
    // The kernel counts in ticks of 10 ms: allow a few on either side.
    expect(Math.abs(used - reported)).toBeLessThan(0.05);
  });
});
