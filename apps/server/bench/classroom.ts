import { DEFAULT_WORKSPACE_LIMITS } from '../src/classroom/workspace-gate.ts';
import { crossWorkspaceReads, join, runLearner, type Learner, type LearnerOutcome } from './class-sim.ts';
import { seatFairShareClass, type FairSharePlan } from './fair-share.ts';
import type { Figure } from './figures.ts';
import { percentile, startBenchServer, type BenchServer } from './load.ts';
import { cpuSeconds, residentBytes } from './proc.ts';
import { isLight, recordTraffic, type Traffic } from './traffic.ts';

/**
 * `npm run bench -- --classroom`: a simulated class against one classroom server in its own
 * process. The figures are the issue's: non-bcrypt latency during the class, a quiet learner's
 * bcrypt login while classmates brute-force (with the fair queue and without it), resident memory
 * per idle workspace and for the whole class, server CPU, zero 5xx and zero cross-workspace reads.
 */

export interface ClassPlan {
  learners: number;
  /** Learners start one after another, all within this time: a class starting the exercise together. */
  startWithinMs: number;
  /** The attempt budget of each learner's brute force on stage 1. */
  bruteForceAttempts: number;
  fairShare: FairSharePlan;
  /** Seconds of quiet logins behind each condition of the fair-share figure, per round. */
  secondsPerCondition: number;
  /** The fair queue and the queue switched off alternate this many times. */
  rounds: number;
  bcryptCost: number;
}

/** OWASP MultiJuicer's Kubernetes request per Juice Shop container (one per team; per learner in a class of individuals), as issue 15 cites it. */
export const MULTIJUICER = { memoryMiB: 300, cpu: 0.15 };

/**
 * What the classroom promises a quiet learner: with ten classmates brute-forcing a bcrypt stage,
 * that learner's bcrypt login p95 stays under this many hash times. The fair queue serves
 * waiting workspaces in turn, `hashSlots` hashes at a time, so a login waits for at most one
 * turn of every other workspace with work waiting (ten brute forcers and a few quiet learners,
 * two at a time: about eight hashes) and then its own. The promise adds room for what the
 * event loop and a shared machine add on top (runs on a busy 2-core VM measured 12–14). The unit
 * is a hash at the pace the server hashes under that load: no queue makes a busy machine faster.
 */
const PROMISED_P95_IN_HASHES = 15;

const MiB = 1024 * 1024;
const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (value: number): string => `${fmt(value, value < 10 ? 2 : 0)} ms`;
const sleep = (delayMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, delayMs));

export interface ClassroomResult {
  figures: Figure[];
  /** Everything that must not happen: 5xx answers, cross-workspace reads, learners who could not finish. */
  problems: string[];
  /** The promise, in a sentence, with what this run measured. */
  promise: string;
}

/** Resident memory after a full collection, so that garbage waiting to be collected is not counted as kept. */
async function settledRSS(server: BenchServer): Promise<number> {
  await fetch(`${server.url}/bench/gc`, { method: 'POST' });
  await sleep(200);
  return residentBytes(server.pid);
}

/** The class's non-bcrypt request latencies, p50 and p95. */
function lightLatency(traffic: Traffic): { p50: number; p95: number; count: number } {
  const latencies = traffic.samples.filter(isLight).map((sample) => sample.ms);
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), count: latencies.length };
}

export async function classroomFigures(plan: ClassPlan, log: (message: string) => void): Promise<ClassroomResult> {
  const server = await startBenchServer({ bcryptCost: plan.bcryptCost }, { limits: DEFAULT_WORKSPACE_LIMITS });
  const problems: string[] = [];
  const traffics: Traffic[] = [];
  const traffic = (): Traffic => {
    const recorded = recordTraffic();
    traffics.push(recorded);
    return recorded;
  };
  try {
    const joinCode = server.joinCode ?? '';

    // One learner alone first: the baseline for the class's latency and completion time, and a
    // warm server (modules loaded, code compiled) before memory is read.
    log('one learner alone…');
    const soloTraffic = traffic();
    const soloStarted = performance.now();
    await runLearner(soloTraffic, server.url, await join(server.url, joinCode, 's0', soloTraffic), plan.bruteForceAttempts);
    const soloSeconds = (performance.now() - soloStarted) / 1000;
    const solo = lightLatency(soloTraffic);

    const rssBefore = await settledRSS(server);
    const cpuBefore = cpuSeconds(server.pid);
    const comparesBefore = (await server.stats()).compares;
    log(`${plan.learners} learners join…`);
    const classTraffic = traffic();
    const learners: Learner[] = await Promise.all(Array.from({ length: plan.learners }, (_, index) => join(server.url, joinCode, `l${index}`, classTraffic)));
    const rssIdle = await settledRSS(server);

    log(`the class runs (${plan.learners} learners starting within ${plan.startWithinMs / 1000} s)…`);
    const classStarted = performance.now();
    const outcomes = await Promise.allSettled(
      learners.map(async (learner, index): Promise<LearnerOutcome> => {
        await sleep((index * plan.startWithinMs) / plan.learners);
        return runLearner(classTraffic, server.url, learner, plan.bruteForceAttempts);
      }),
    );
    const classSeconds = (performance.now() - classStarted) / 1000;
    const classCPU = cpuSeconds(server.pid) - cpuBefore;
    const classCompares = (await server.stats()).compares - comparesBefore;
    const finished = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    for (const outcome of outcomes) if (outcome.status === 'rejected') problems.push(`a learner did not finish: ${String(outcome.reason)}`);
    const during = lightLatency(classTraffic);

    log('reading every breach dump…');
    const isolation = await crossWorkspaceReads(traffic(), server.url, learners);
    problems.push(...isolation.violations.map((violation) => `cross-workspace read: ${violation}`));
    const rssAfter = await settledRSS(server);

    const fairShare = await fairShareFigures(server, plan, traffic(), log);

    // Every request of the run went through one of the recorders, the fair-share figure's included.
    const requests = traffics.reduce((sum, recorded) => sum + recorded.samples.length, 0);
    const failures = traffics.flatMap((recorded) => recorded.failures);
    problems.push(...failures.map((failure) => `server error: ${failure}`));

    const idlePerWorkspace = (rssIdle - rssBefore) / plan.learners;
    const coresPerLearner = classCPU / classSeconds / plan.learners;
    const unexpectedChecks = finished.reduce((sum, outcome) => sum + outcome.surprises.length, 0);
    const notCracked = finished.filter((outcome) => outcome.bruteForce !== 'cracked').length;
    const figures: Figure[] = [
      {
        label: `Classroom: non-bcrypt request p95 (${plan.learners} learners)`,
        measured: `${ms(during.p95)} (p50 ${ms(during.p50)}, ${fmt(during.count)} requests)`,
        baseline: `one learner alone: ${ms(solo.p95)} (p50 ${ms(solo.p50)})`,
        ratio: during.p95 / solo.p95,
        note: 'stage 1 and 2 requests (the practice checks and the brute force included), stage descriptions, joins and progress reports; from the send to the response headers',
      },
      {
        label: `Classroom: class completion time (${plan.learners} learners)`,
        measured: `${fmt(classSeconds, 1)} s`,
        baseline: `one learner alone: ${fmt(soloSeconds, 1)} s`,
        ratio: classSeconds / soloSeconds,
        note: `from the first learner's start to the last one's finish, ${finished.length} of ${plan.learners} finished; ${classCompares} bcrypt compares; ${unexpectedChecks} check verdicts differed from stage 1's profile; ${finished.length - notCracked} of ${finished.length} brute forces cracked the planted password within ${plan.bruteForceAttempts} attempts`,
      },
      ...fairShare.figures,
      {
        label: `Classroom: resident memory per active learner (${plan.learners} learners)`,
        measured: `${fmt((rssAfter - rssBefore) / MiB / plan.learners, 2)} MiB (whole server after the class: ${fmt(rssAfter / MiB, 1)} MiB)`,
        baseline: `MultiJuicer request: ${MULTIJUICER.memoryMiB} MiB per container`,
        ratio: (rssAfter - rssBefore) / MiB / plan.learners / MULTIJUICER.memoryMiB,
        note: `the server's resident memory (VmRSS, after a full garbage collection) after the class ran, every account, check and attack run still in its workspace, less the warm server's before the joins, divided by the learners; the whole process against ${plan.learners} containers is ${fmt(rssAfter / MiB / (plan.learners * MULTIJUICER.memoryMiB), 4)} ×`,
      },
      {
        label: 'Classroom: resident memory per joined workspace, stages not yet used',
        measured: `${fmt(idlePerWorkspace / MiB, 2)} MiB (${plan.learners} joins: ${fmt(rssBefore / MiB, 1)} → ${fmt(rssIdle / MiB, 1)} MiB)`,
        baseline: `MultiJuicer request: ${MULTIJUICER.memoryMiB} MiB per container`,
        ratio: idlePerWorkspace / MiB / MULTIJUICER.memoryMiB,
        note: "a learner who joined and has not opened a stage yet: a workspace builds its six stages on first use; MultiJuicer's figure is what Kubernetes reserves for a Juice Shop container from the moment it starts",
      },
      {
        label: `Classroom: server CPU, whole class (${plan.learners} learners)`,
        measured: `${fmt(classCPU, 1)} CPU-s, ${fmt(classCPU / plan.learners, 2)} CPU-s per learner; ${fmt(coresPerLearner, 3)} cores per learner on average`,
        baseline: `MultiJuicer request: ${MULTIJUICER.cpu} CPU per container`,
        ratio: coresPerLearner / MULTIJUICER.cpu,
        note: `user + system time of the server process (/proc/<pid>/stat) from the joins to the last learner's finish, over the class's ${fmt(classSeconds, 1)} s; a request is a reservation held for the whole class whether the container is busy or idle, not a measure of use, so the ratio compares what the classroom server used with what MultiJuicer sets aside`,
      },
      {
        label: 'Classroom: 5xx answers',
        measured: `${failures.length} of ${fmt(requests)} requests`,
        baseline: `${fmt(requests)} requests`,
        ratio: failures.length / requests,
        target: { comparison: '<=', value: 0 },
      },
      {
        label: 'Classroom: cross-workspace reads',
        measured: `${isolation.violations.length} in ${isolation.dumps} breach dumps`,
        baseline: `${isolation.dumps} breach dumps`,
        ratio: isolation.violations.length / isolation.dumps,
        target: { comparison: '<=', value: 0 },
        note: "every learner's breach dump on stages 1, 3 and 5 after the class: none may hold another learner's account, each must hold the learner's own",
      },
    ];
    return { figures, problems, promise: fairShare.promise };
  } finally {
    await server.stop();
  }
}

/**
 * A quiet learner's bcrypt login p95 on the class's server (the fair queue as shipped), with and
 * without ten classmates brute-forcing, and on a second server whose queue is switched off
 * (hashSlots 1e6: every request goes straight to the thread pool). The two servers alternate.
 */
async function fairShareFigures(server: BenchServer, plan: ClassPlan, traffic: Traffic, log: (message: string) => void): Promise<{ figures: Figure[]; promise: string }> {
  const queueOff = await startBenchServer({ bcryptCost: plan.bcryptCost }, { limits: { ...DEFAULT_WORKSPACE_LIMITS, hashSlots: 1_000_000 } });
  try {
    const { bruteForcers, inFlightEach } = plan.fairShare;
    log(`bcrypt logins while ${bruteForcers} learners brute-force (${inFlightEach} requests in flight each)…`);
    const [fair, off] = await Promise.all([
      seatFairShareClass(server.url, server.joinCode ?? '', plan.fairShare, traffic),
      seatFairShareClass(queueOff.url, queueOff.joinCode ?? '', plan.fairShare, traffic),
    ]);
    const quiet = (await fair.quietLogins(plan.secondsPerCondition, false)).latenciesMs;
    const [withQueue, withoutQueue, alone]: [number[], number[], number[]] = [[], [], []];
    let bruteForceRequests = 0;
    // The fair-queue server's bcrypt compares and the time they took, while brute-forced.
    let [hashedUnderLoad, secondsUnderLoad] = [0, 0];
    for (let round = 0; round < plan.rounds; round += 1) {
      // The idle login is measured again each round: what else the machine does drifts during the run.
      alone.push(await fair.loginAloneMs());
      const before = await server.stats();
      const started = performance.now();
      const queued = await fair.quietLogins(plan.secondsPerCondition, true);
      secondsUnderLoad += (performance.now() - started) / 1000;
      hashedUnderLoad += (await server.stats()).compares - before.compares;
      const unqueued = await off.quietLogins(plan.secondsPerCondition, true);
      withQueue.push(...queued.latenciesMs);
      withoutQueue.push(...unqueued.latenciesMs);
      bruteForceRequests += queued.bruteForceRequests + unqueued.bruteForceRequests;
    }
    const aloneMs = alone.reduce((sum, value) => sum + value, 0) / alone.length;
    // Under the brute force every slot is always busy, so slots ÷ compares per second is how long
    // one hash takes on this server under that load: the fair queue's unit of waiting.
    const { hashSlots } = DEFAULT_WORKSPACE_LIMITS;
    const hashMs = (hashSlots * 1000 * secondsUnderLoad) / hashedUnderLoad;
    const [p95Quiet, p95Fair, p95Off] = [quiet, withQueue, withoutQueue].map((latencies) => percentile(latencies, 0.95)) as [number, number, number];
    const who = `${bruteForcers} learners brute-forcing`;
    const promise =
      `A quiet learner's bcrypt login p95 stays under ${PROMISED_P95_IN_HASHES} × one hash time ` +
      `with ${who} a bcrypt stage (${inFlightEach} requests in flight each); measured ${fmt(p95Fair / hashMs, 1)} × ` +
      `(${ms(p95Fair)} against ${ms(hashMs)} per hash at the server's pace under that load, bcrypt cost ${plan.bcryptCost}).`;
    const samples = `${withQueue.length} logins by ${plan.fairShare.quietLearners} quiet learners, one each per ${plan.fairShare.quietIntervalMs / 1000} s`;
    return {
      promise,
      figures: [
        {
          label: `Classroom: quiet bcrypt login p95, ${who} (fair queue)`,
          measured: ms(p95Fair),
          baseline: `one hash under that load: ${ms(hashMs)}`,
          ratio: p95Fair / hashMs,
          target: { comparison: '<=', value: PROMISED_P95_IN_HASHES },
          note:
            `${samples}; the fair queue as shipped (${hashSlots} hash slots, served workspace by workspace); one hash under that load is ${hashSlots} slots ÷ ` +
            `${fmt(hashedUnderLoad / secondsUnderLoad, 1)} compares/s, against ${ms(aloneMs)} for one login on the idle server (p95 ${fmt(p95Fair / aloneMs, 1)} × that); ` +
            `${fmt(bruteForceRequests)} brute-force requests in all`,
        },
        {
          label: `Classroom: quiet bcrypt login p95, ${who} (queue off)`,
          measured: ms(p95Off),
          baseline: `with the fair queue: ${ms(p95Fair)}`,
          ratio: p95Off / p95Fair,
          note: 'the same load on a second server with hashSlots 1e6: every bcrypt request goes straight to the thread pool, first come first served',
        },
        {
          label: 'Classroom: quiet bcrypt login p95, no brute force',
          measured: ms(p95Quiet),
          baseline: `one login, idle server: ${ms(aloneMs)}`,
          ratio: p95Quiet / aloneMs,
          note: 'the quiet learners alone, on the fair-queue server',
        },
      ],
    };
  } finally {
    await queueOff.stop();
  }
}
