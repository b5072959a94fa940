/**
 * npm run bench [-- --smoke] [-- --with-test-time] [-- --cost 10] [-- --out FILE]
 * npm run bench -- --classroom [--processes 1,2] [--smoke] [--cost 10] [--out FILE]
 *
 * Measures every figure in docs/benchmarks.md as a ratio to a baseline taken in the same run,
 * prints the table, and (except with --smoke) rewrites docs/benchmarks.md. With --classroom it
 * measures only the classroom figures and rewrites only their section of the page; with
 * --processes it also compares one process on SQLite with N processes on PostgreSQL and Redis
 * behind Caddy, for each N listed, and rewrites that subsection too (without it, the subsection
 * is kept as it was).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PASSWORD, crackSpeed, healthUnderFlood, loginThroughput, rateLimitedFlood, recordsThroughput, type Figure, type Plan } from './figures.ts';
import { startBenchServer } from './load.ts';
import { markdown, terminalTable, type RunInfo } from './report.ts';
import { classroomFigures, type ClassPlan } from './classroom.ts';
import { classroomSection, classroomSectionOf, withClassroomSection } from './classroom-report.ts';
import { attackMatrixWait, checkWaits } from './waits.ts';
import { scaleOutFigures, type ScaleOutPlan } from './scale-out.ts';
import { scaleOutSection, scaleOutSectionOf, scaleOutTable } from './scale-out-report.ts';
import { DEFAULT_SETTINGS } from '../src/stage.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const { values: flags } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    classroom: { type: 'boolean', default: false },
    'with-test-time': { type: 'boolean', default: false },
    cost: { type: 'string', default: '10' },
    out: { type: 'string' },
    processes: { type: 'string' },
  },
});

const smoke = flags.smoke === true;
const processCounts = flags.processes === undefined ? undefined : parseProcessCounts(flags.processes);
const plan: Plan = { secondsPerFigure: smoke ? 1 : 20, rounds: smoke ? 1 : 2, bcryptCost: Number(flags.cost) };
const RAISED = {
  rateLimit: { limit: 1_000_000_000, windowSeconds: 60 },
  registrationRateLimit: { limit: 1_000_000_000, windowSeconds: 60 },
  lockout: { maxFailures: 1_000_000_000, windowSeconds: 900, lockSeconds: 300, maxLockSeconds: 300 },
};

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** `--processes 1,2,3`: positive whole numbers, comma-separated; anything else stops the run before it starts. */
function parseProcessCounts(list: string): number[] {
  const counts = list.split(',').map((item) => Number(item.trim()));
  if (flags.classroom !== true) throw new Error('--processes goes with --classroom');
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 16))
    throw new Error(`--processes takes process counts from 1 to 16, comma-separated (as in 1,2): not ${list}`);
  return counts;
}

/**
 * Runs `npm test` from the repository root once and returns its wall time in seconds. `--force`
 * makes turbo run every task: a cached result would time the cache, not the tests.
 */
function timeNpmTest(): Promise<Figure> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('npm', ['test', '--', '--force'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0)
        log(
          `npm test failed:\n${output
            .split('\n')
            .filter((line) => /FAIL|×|Error/.test(line))
            .slice(0, 20)
            .join('\n')}`,
        );
      resolve({
        label: '`npm test` wall time',
        measured: `${seconds.toFixed(1)} s${code === 0 ? '' : ` (exit ${code})`}`,
        baseline: 'target 90 s',
        ratio: seconds / 90,
        target: { comparison: '<=', value: 1 },
        note: 'the ratio is to the 90 s budget; there is no baseline to run alongside',
      });
    });
  });
}

const started = new Date();
const loadAverage = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
log(
  `AuthLab bench${flags.classroom === true ? ' --classroom' : ''}${smoke ? ' (smoke)' : ''}: ${cpus().length} cores, load average ${loadAverage}, bcrypt cost ${plan.bcryptCost}`,
);
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const out = flags.out ?? (smoke ? undefined : path.join(REPO_ROOT, 'docs/benchmarks.md'));
const runInfo: RunInfo = {
  command,
  date: started.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  cores: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
  node: process.version,
  loadAverage,
  bcryptCost: plan.bcryptCost,
  secondsPerFigure: plan.secondsPerFigure,
};

if (flags.classroom === true) await classroomBench();
else await mainBench();

async function mainBench(): Promise<void> {
  // Two servers, started together: one with stage 6's limiter and lockout raised for the login
  // figures, one with production settings for the 429 figure.
  const [raised, production] = await Promise.all([startBenchServer({ bcryptCost: plan.bcryptCost, ...RAISED }), startBenchServer({ bcryptCost: plan.bcryptCost })]);
  const figures: Figure[] = [];
  try {
    for (const stage of ['bcrypt', 'basic', 'jwt', 'lockout']) {
      const registered = await raised.post(`/api/stages/${stage}/register`, { username: 'alice', password: PASSWORD });
      if (registered.status !== 201) throw new Error(`could not register on ${stage}: ${JSON.stringify(registered)}`);
    }
    log('login throughput…');
    figures.push(...(await loginThroughput(raised, plan)));
    log('/api/health latency under a login flood…');
    figures.push(...(await healthUnderFlood(raised, plan)));
    log('/records throughput…');
    figures.push(...(await recordsThroughput(raised, plan)));
    log('rate-limited login flood…');
    figures.push(...(await rateLimitedFlood(production, plan)));
  } finally {
    await Promise.all([raised.stop(), production.stop()]);
  }
  // The waits are a learner's, so they are measured at the cost the lab ships with (smoke: the run's).
  const waitCost = smoke ? plan.bcryptCost : DEFAULT_SETTINGS.bcryptCost;
  log(`practice-check and attack-matrix waits at bcrypt cost ${waitCost}…`);
  const lab = await startBenchServer({ bcryptCost: waitCost });
  try {
    figures.push(...(await checkWaits(lab, waitCost)));
    log('attack matrix…');
    figures.push(await attackMatrixWait(lab, waitCost));
  } finally {
    await lab.stop();
  }
  log('crack speed…');
  figures.push(...(await crackSpeed(plan)));
  if (flags['with-test-time'] === true) {
    log('npm test…');
    figures.push(await timeNpmTest());
  }

  console.log(terminalTable(figures));
  if (out !== undefined) {
    // The classroom figures have a run of their own: carry their section over as it is.
    const kept = existsSync(out) ? classroomSectionOf(readFileSync(out, 'utf8')) : undefined;
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, withClassroomSection(markdown(figures, runInfo), kept));
    log(`wrote ${path.relative(process.cwd(), out)}`);
  }
}

async function classroomBench(): Promise<void> {
  const classPlan: ClassPlan = {
    learners: smoke ? 6 : 60,
    startWithinMs: smoke ? 1000 : 10_000,
    bruteForceAttempts: 20,
    // A quiet learner logs in now and then, not in a loop: one login each every 3 s.
    fairShare: { bruteForcers: 10, inFlightEach: 8, quietLearners: 10, quietIntervalMs: smoke ? 1000 : 3000, aloneLogins: smoke ? 3 : 15 },
    secondsPerCondition: smoke ? 2 : 12,
    rounds: smoke ? 1 : 2,
    bcryptCost: plan.bcryptCost,
  };
  const { figures, problems, promise } = await classroomFigures(classPlan, log);
  console.log(terminalTable(figures));
  console.log(`\nPromise: ${promise}`);
  const scaleOut = processCounts === undefined ? undefined : await scaleOutBench(classPlan, processCounts, problems);
  if (out !== undefined) {
    const page = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n';
    const subsection = scaleOut ?? scaleOutSectionOf(page);
    writeFileSync(out, withClassroomSection(page, classroomSection(figures, { ...runInfo, plan: classPlan, promise }, subsection)));
    log(`wrote the classroom section of ${path.relative(process.cwd(), out)}`);
  }
  if (problems.length > 0) {
    log(`${problems.length} problems:\n${problems.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  }
}

/** The same class against one process on SQLite and against N processes on PostgreSQL and Redis behind Caddy; returns the subsection. */
async function scaleOutBench(classPlan: ClassPlan, counts: number[], problems: string[]): Promise<string> {
  const loadAtStart = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  log(`scale-out: --processes ${counts.join(',')}, load average ${loadAtStart}`);
  const plan: ScaleOutPlan = {
    processCounts: counts,
    learners: classPlan.learners,
    startWithinMs: classPlan.startWithinMs,
    bruteForceAttempts: classPlan.bruteForceAttempts,
    logins: { learners: 8, inFlightEach: 4, seconds: smoke ? 1 : 10 },
    rounds: smoke ? 1 : 2,
    bcryptCost: classPlan.bcryptCost,
  };
  const results = await scaleOutFigures(plan, log);
  console.log(`\n${scaleOutTable(results)}`);
  problems.push(...results.flatMap((result) => result.problems));
  return scaleOutSection({ plan, results, cores: cpus().length, loadAverage: loadAtStart });
}
