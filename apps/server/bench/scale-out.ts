import { join, LEARNER_PASSWORD, runLearner, send, type Learner, type LearnerOutcome } from './class-sim.ts';
import { startDeployment, topologyLabel, type RunningDeployment, type Topology } from './deployments.ts';
import { isBcryptLogin, isLight, recordTraffic, type Traffic } from './traffic.ts';

/**
 * `npm run bench -- --classroom --processes 1,2`: the same simulated class, round after round,
 * against one process on SQLite and against N processes on PostgreSQL and Redis behind Caddy, all
 * started together and taking turns, so that what else the machine does falls on each alike.
 */

export interface ScaleOutPlan {
  /** The process counts asked for; 1 is the single-process classroom on SQLite. */
  processCounts: readonly number[];
  learners: number;
  startWithinMs: number;
  bruteForceAttempts: number;
  /** Learners that log in on stage 3 again and again, `inFlightEach` logins at a time each, for `seconds`. */
  logins: { learners: number; inFlightEach: number; seconds: number };
  rounds: number;
  bcryptCost: number;
}

/** What one deployment measured over every round. */
export interface ScaleOutResult {
  label: string;
  topology: Topology;
  /** Each round's class, first learner's start to last learner's finish. */
  classSeconds: number[];
  /** Latencies during the class: requests that never wait for bcrypt, and logins on the bcrypt stages. */
  lightMs: number[];
  bcryptLoginMs: number[];
  /** Requests the class sent (joins included), over every round. */
  classRequests: number;
  /** CPU seconds of each process over the classes (joins to last finish), summed over rounds. */
  classCPU: Record<string, number>;
  /** Successful stage 3 logins and the seconds they took, for logins per second. */
  logins: number;
  loginSeconds: number;
  /** bcrypt compares the servers counted during the login figure: one per login, or something else ran. */
  loginCompares: number;
  /** CPU seconds of each process over the login figure, summed over rounds. */
  loginCPU: Record<string, number>;
  /** 5xx answers, requests without an answer, learners that could not finish. */
  problems: string[];
  /** Check verdicts that differed from stage 1's profile (`id: verdict (expected …)`), and brute forces that did not crack the password. */
  surprises: string[];
  notCracked: number;
}

const sleep = (delayMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, delayMs));

/** The deployments a list of process counts asks for, with the two that show where the difference comes from. */
export function topologiesFor(processCounts: readonly number[]): Topology[] {
  const shared = [...new Set(processCounts)].sort((a, b) => a - b).filter((count) => count >= 2);
  if (shared.length === 0) return [{ kind: 'direct' }];
  // The proxy alone, then the shared store alone (one process on it), then more processes.
  return [{ kind: 'direct' }, { kind: 'proxied' }, ...[1, ...shared].map((processes): Topology => ({ kind: 'shared', processes }))];
}

export async function scaleOutFigures(plan: ScaleOutPlan, log: (message: string) => void): Promise<ScaleOutResult[]> {
  const topologies = topologiesFor(plan.processCounts);
  log(`starting ${topologies.map(topologyLabel).join('; ')}…`);
  const started = await Promise.allSettled(topologies.map((topology) => startDeployment(topology, plan.bcryptCost)));
  const deployments = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  try {
    for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
    const results = deployments.map((deployment): ScaleOutResult => ({
      label: deployment.label,
      topology: deployment.topology,
      ...{ classSeconds: [], lightMs: [], bcryptLoginMs: [], classRequests: 0, classCPU: {}, problems: [], surprises: [], notCracked: 0 },
      ...{ logins: 0, loginSeconds: 0, loginCompares: 0, loginCPU: {} },
    }));
    // One learner on each first: every process compiled and connected before anything is timed.
    for (const deployment of deployments) {
      const traffic = recordTraffic(deployment.client.fetch);
      await runLearner(traffic, deployment.url, await join(deployment.url, deployment.joinCode, 'warm', traffic), plan.bruteForceAttempts);
    }
    for (let round = 0; round < plan.rounds; round += 1) {
      // Each round starts one deployment further on, so that none always follows the same one.
      for (let turn = 0; turn < deployments.length; turn += 1) {
        const index = (turn + round) % deployments.length;
        const [deployment, result] = [deployments[index], results[index]];
        if (deployment === undefined || result === undefined) continue;
        log(`round ${round + 1}: ${deployment.label}: the class…`);
        await runClass(deployment, plan, `r${round}`, result);
        log(`round ${round + 1}: ${deployment.label}: logins…`);
        await runLogins(deployment, plan, `r${round}`, result);
      }
    }
    return results;
  } finally {
    for (const deployment of deployments) await deployment.stop();
  }
}

async function runClass(deployment: RunningDeployment, plan: ScaleOutPlan, round: string, result: ScaleOutResult): Promise<void> {
  const traffic = recordTraffic(deployment.client.fetch);
  const cpuBefore = deployment.cpuSeconds();
  const learners = await Promise.all(Array.from({ length: plan.learners }, (_, index) => join(deployment.url, deployment.joinCode, `${round}l${index}`, traffic)));
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    learners.map(async (learner, index): Promise<LearnerOutcome> => {
      await sleep((index * plan.startWithinMs) / plan.learners);
      return runLearner(traffic, deployment.url, learner, plan.bruteForceAttempts);
    }),
  );
  result.classSeconds.push((performance.now() - started) / 1000);
  addCPU(result.classCPU, cpuBefore, deployment.cpuSeconds());
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') result.problems.push(`${deployment.label}: a learner did not finish: ${String(outcome.reason)}`);
    else {
      result.surprises.push(...outcome.value.surprises);
      if (outcome.value.bruteForce !== 'cracked') result.notCracked += 1;
    }
  }
  result.lightMs.push(...traffic.samples.filter(isLight).map((sample) => sample.ms));
  result.bcryptLoginMs.push(...traffic.samples.filter((sample) => isBcryptLogin(sample) && sample.status === 200).map((sample) => sample.ms));
  result.classRequests += traffic.samples.length;
  result.problems.push(...failuresOf(deployment, traffic));
}

/**
 * Logins per second through the classroom's normal path: learners in workspaces of their own,
 * each logging in on stage 3 (bcrypt, no rate limit of its own) with the right password,
 * `inFlightEach` at a time, within the workspace caps and the fair bcrypt queue as shipped.
 */
async function runLogins(deployment: RunningDeployment, plan: ScaleOutPlan, round: string, result: ScaleOutResult): Promise<void> {
  const traffic = recordTraffic(deployment.client.fetch);
  const credentials = { username: 'steady', password: LEARNER_PASSWORD };
  const seat = async (index: number): Promise<Learner> => {
    const learner = await join(deployment.url, deployment.joinCode, `${round}t${index}`, traffic);
    await send(traffic, deployment.url, learner, '/api/stages/bcrypt/register', 201, credentials);
    return learner;
  };
  const learners = await Promise.all(Array.from({ length: plan.logins.learners }, (_, index) => seat(index)));
  const comparesBefore = await compares(deployment);
  const cpuBefore = deployment.cpuSeconds();
  const started = performance.now();
  const deadline = started + plan.logins.seconds * 1000;
  let logins = 0;
  const lanes = learners.flatMap((learner) =>
    Array.from({ length: plan.logins.inFlightEach }, async () => {
      while (performance.now() < deadline) {
        await send(traffic, deployment.url, learner, '/api/stages/bcrypt/login', 200, credentials);
        logins += 1;
      }
    }),
  );
  const settled = await Promise.allSettled(lanes);
  result.loginSeconds += (performance.now() - started) / 1000;
  result.logins += logins;
  addCPU(result.loginCPU, cpuBefore, deployment.cpuSeconds());
  result.loginCompares += (await compares(deployment)) - comparesBefore;
  for (const lane of settled) if (lane.status === 'rejected') result.problems.push(`${deployment.label}: a login failed: ${String(lane.reason)}`);
  result.problems.push(...failuresOf(deployment, traffic));
}

/** Adds each process's CPU seconds between two readings to `total`. */
function addCPU(total: Record<string, number>, before: Record<string, number>, after: Record<string, number>): void {
  for (const [name, seconds] of Object.entries(after)) total[name] = (total[name] ?? 0) + seconds - (before[name] ?? 0);
}

/** bcrypt compares started so far, summed over the deployment's processes (each counts its own). */
async function compares(deployment: RunningDeployment): Promise<number> {
  const stats = await Promise.all(deployment.servers.map((server) => server.stats()));
  return stats.reduce((sum, { compares }) => sum + compares, 0);
}

function failuresOf(deployment: RunningDeployment, traffic: Traffic): string[] {
  return traffic.failures.map((failure) => `${deployment.label}: server error: ${failure}`);
}
