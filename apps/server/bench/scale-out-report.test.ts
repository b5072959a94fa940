import { describe, expect, it } from 'vitest';
import { classroomSection, classroomSectionOf, withClassroomSection } from './classroom-report.ts';
import type { ClassPlan } from './classroom.ts';
import type { Topology } from './deployments.ts';
import type { ScaleOutPlan, ScaleOutResult } from './scale-out.ts';
import { scaleOutSection, scaleOutSectionOf, scaleOutTable } from './scale-out-report.ts';

/** The scale-out subsection: figures as ratios to the first deployment's, kept by a run that did not measure them. */

const PLAN: ScaleOutPlan = {
  processCounts: [1, 2],
  learners: 60,
  startWithinMs: 10_000,
  bruteForceAttempts: 20,
  logins: { learners: 8, inFlightEach: 4, seconds: 10 },
  rounds: 2,
  bcryptCost: 10,
};

function result(label: string, topology: Topology, scale: number): ScaleOutResult {
  return {
    label,
    topology,
    classSeconds: [10 * scale, 10 * scale],
    lightMs: Array.from({ length: 100 }, (_, index) => (index + 1) * scale),
    bcryptLoginMs: Array.from({ length: 20 }, (_, index) => (index + 1) * 10 * scale),
    classRequests: 1000,
    classCPU: { 'AuthLab 1': 10, runner: 4, ...(topology.kind === 'direct' ? {} : { Caddy: 1 }), ...(topology.kind === 'shared' ? { PostgreSQL: 0.5, Redis: 0.1 } : {}) },
    logins: 300 / scale,
    loginSeconds: 10,
    loginCompares: 300 / scale,
    loginCPU: { 'AuthLab 1': 18 },
    problems: [],
    surprises: [],
    notCracked: 0,
  };
}

const RESULTS = [
  result('1 process, SQLite, memory counters, direct', { kind: 'direct' }, 1),
  result('1 process, SQLite, memory counters, behind Caddy', { kind: 'proxied' }, 1.1),
  result('1 process, PostgreSQL + Redis, behind Caddy', { kind: 'shared', processes: 1 }, 1.2),
  result('2 processes, PostgreSQL + Redis, behind Caddy', { kind: 'shared', processes: 2 }, 1.5),
];

describe('the scale-out table', () => {
  it('gives every deployment after the first each figure with its ratio to the first row', () => {
    const lines = scaleOutTable(RESULTS).split('\n');
    expect(lines[2]).toBe('| 1 process, SQLite, memory counters, direct | 10.0 s | 30.0 | 95 ms | 190 ms |');
    expect(lines[5]).toBe('| 2 processes, PostgreSQL + Redis, behind Caddy | 15.0 s (**1.50 ×**) | 20.0 (**0.67 ×**) | 143 ms (**1.50 ×**) | 285 ms (**1.50 ×**) |');
  });
});

describe('the scale-out subsection of the classroom section', () => {
  const classPlan = { learners: 60, startWithinMs: 10_000, bruteForceAttempts: 20, secondsPerCondition: 12, rounds: 2, bcryptCost: 10 };
  const run = {
    command: 'npm run bench -- --classroom',
    date: 'today',
    cores: 2,
    cpuModel: 'CPU',
    node: 'v20',
    loadAverage: '0.1 0.1 0.1',
    bcryptCost: 10,
    secondsPerFigure: 20,
  };
  const fairShare = { bruteForcers: 10, inFlightEach: 8, quietLearners: 10, quietIntervalMs: 3000, aloneLogins: 15 };
  const section = (scaleOut?: string): string => classroomSection([], { ...run, plan: { ...classPlan, fairShare } satisfies ClassPlan, promise: 'kept' }, scaleOut);

  it('sits inside the classroom section, where a later run finds it', () => {
    const subsection = scaleOutSection({ plan: PLAN, results: RESULTS, cores: 2, loadAverage: '0.50 0.40 0.30' });
    const page = withClassroomSection('# Benchmarks\n', section(subsection));
    expect(classroomSectionOf(page)).toContain(subsection);
    expect(scaleOutSectionOf(page)).toBe(subsection);
    expect(subsection).toContain('load average when this part began 0.50 0.40 0.30');
    // The notes quote this run's figures: Caddy's CPU per request, and the logins per 2 cores.
    expect(subsection).toContain('Caddy used 1.00 ms of CPU per request');
    expect(subsection).toContain('at the 60 ms of CPU per login measured here, about 33 logins per second each');
  });

  it('is left out of a section that has none, so a run without --processes finds nothing to carry over', () => {
    expect(scaleOutSectionOf(withClassroomSection('# Benchmarks\n', section()))).toBeUndefined();
  });
});
