import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, residentBytes, treeCpuSeconds } from './proc.ts';

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

  it("counts the CPU time of a server's children, running and exited, in the server's", async () => {
    const childrenCPU = (): number => treeCpuSeconds(process.pid) - cpuSeconds(process.pid);
    const before = childrenCPU();
    // A child that burns 300 ms of CPU, says so, and idles until killed.
    const child = spawn(process.execPath, [
      '-e',
      "const t = process.cpuUsage(); while (process.cpuUsage(t).user < 300000); console.log('busy'); setInterval(() => {}, 1000);",
    ]);
    await new Promise((resolve) => child.stdout.once('data', resolve));
    // Running: counted as a live child.
    expect(childrenCPU() - before).toBeGreaterThan(0.25);
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
    // Exited and reaped: counted in this process's waited-for children instead, not lost.
    expect(childrenCPU() - before).toBeGreaterThan(0.25);
  });
});
