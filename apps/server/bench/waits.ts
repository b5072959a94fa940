import { mismatches as attackMismatches, runMatrix } from '@authlab/attacks';
import { mismatches, runChecks, type CheckReport } from '@authlab/checks';
import type { Figure } from './figures.ts';
import { createStageTarget, inLanes, longestFirst, STAGE_LANES, stageListSchema, type StageDescription } from '@authlab/contract';
import { cpus } from 'node:os';
import type { BenchServer } from './load.ts';

/**
 * How long a learner or an instructor waits, the way the playground runs things: one stage's
 * practice checks, the score board (every stage, two lanes) and the attack matrix. A wait has no
 * baseline to run alongside, so each ratio is to the issue's budget, and the note counts the
 * bcrypt compares the wait paid for and the server's CPU time: spread over every core, that is
 * the shortest the wait could be on this machine, however cleverly the requests were scheduled.
 */

/** `… server CPU 27.9 s, so at least 14.0 s on 2 cores` */
function floorNote(cpuMs: number): string {
  const cores = cpus().length;
  return `server CPU ${(cpuMs / 1000).toFixed(1)} s, so at least ${(cpuMs / 1000 / cores).toFixed(1)} s on ${cores} cores`;
}

/** The budgets from the playground issue, in seconds. */
const ONE_STAGE_BUDGET_S = 5;
const SCORE_BOARD_BUDGET_S = 15;
const ATTACK_MATRIX_BUDGET_S = 20;

export async function checkWaits(server: BenchServer, bcryptCost: number): Promise<Figure[]> {
  const stages = await stagesOf(server);
  const run = async (stage: StageDescription): Promise<CheckReport[]> => runChecks(createStageTarget(server.url, stage.id), { expected: stage.expectedChecks });

  // Each stage alone, one after another: the wait behind a stage's "Run checks".
  const alone: { stage: StageDescription; seconds: number; compares: number; cpuMs: number; unexpected: number }[] = [];
  for (const stage of stages) {
    const before = await server.stats();
    const started = performance.now();
    const reports = await run(stage);
    const seconds = (performance.now() - started) / 1000;
    const after = await server.stats();
    alone.push({ stage, seconds, compares: after.compares - before.compares, cpuMs: after.cpuMs - before.cpuMs, unexpected: mismatches(reports).length });
  }
  const slowest = alone.reduce((worst, entry) => (entry.seconds > worst.seconds ? entry : worst));

  // The score board: every stage, in lanes, as the playground runs it.
  const before = await server.stats();
  const started = performance.now();
  let unexpected = 0;
  await inLanes(longestFirst(stages), STAGE_LANES, async (stage) => {
    unexpected += mismatches(await run(stage)).length;
  });
  const boardSeconds = (performance.now() - started) / 1000;
  const boardAfter = await server.stats();
  const boardCompares = boardAfter.compares - before.compares;

  const surprises = (count: number): string => (count === 0 ? '' : `; ${count} verdicts differed from the stages' profiles`);
  return [
    {
      label: `One stage's practice checks, slowest (stage ${slowest.stage.order}, cost ${bcryptCost})`,
      measured: `${slowest.seconds.toFixed(1)} s`,
      baseline: `budget ${ONE_STAGE_BUDGET_S} s`,
      ratio: slowest.seconds / ONE_STAGE_BUDGET_S,
      target: { comparison: '<=', value: 1 },
      note: `${floorNote(slowest.cpuMs)}; each stage alone: ${alone.map((entry) => `${entry.stage.order}: ${entry.seconds.toFixed(1)} s (${entry.compares} compares)`).join(', ')}${surprises(alone.reduce((sum, entry) => sum + entry.unexpected, 0))}`,
    },
    {
      label: `Score board, all ${stages.length} stages (cost ${bcryptCost}, ${STAGE_LANES} lanes)`,
      measured: `${boardSeconds.toFixed(1)} s`,
      baseline: `budget ${SCORE_BOARD_BUDGET_S} s`,
      ratio: boardSeconds / SCORE_BOARD_BUDGET_S,
      target: { comparison: '<=', value: 1 },
      note: `${boardCompares} bcrypt compares, ${floorNote(boardAfter.cpuMs - before.cpuMs)}; the stages one after another took ${alone.reduce((sum, entry) => sum + entry.seconds, 0).toFixed(1)} s${surprises(unexpected)}`,
    },
  ];
}

/** The attack matrix: every attack against every stage, as the playground's "Run all" does. */
export async function attackMatrixWait(server: BenchServer, bcryptCost: number): Promise<Figure> {
  const stages = await stagesOf(server);
  const before = await server.stats();
  const started = performance.now();
  const cells = await runMatrix(stages.map((stage) => createStageTarget(server.url, stage.id)));
  const seconds = (performance.now() - started) / 1000;
  const after = await server.stats();
  const compares = after.compares - before.compares;
  const unexpected = attackMismatches(cells).length;
  return {
    label: `Attack matrix, ${cells.length} cells (cost ${bcryptCost})`,
    measured: `${seconds.toFixed(1)} s`,
    baseline: `budget ${ATTACK_MATRIX_BUDGET_S} s`,
    ratio: seconds / ATTACK_MATRIX_BUDGET_S,
    target: { comparison: '<=', value: 1 },
    note: `${compares} bcrypt compares, ${floorNote(after.cpuMs - before.cpuMs)}, plus the offline cracking in the client${unexpected === 0 ? '' : `; ${unexpected} cells differed from the stages' expectations`}`,
  };
}

async function stagesOf(server: BenchServer): Promise<StageDescription[]> {
  return stageListSchema.parse(await (await fetch(`${server.url}/api/stages`)).json()).stages;
}
