#!/usr/bin/env node
/**
 * npm run check -- --stage <id|all> [--url http://127.0.0.1:3000] [--json]
 * npm run check -- --init my-api.yaml | --api my-api.yaml
 * Runs the practice checks against a running lesson server and compares each verdict with
 * the profile the stage publishes. --init writes a starter description of your own API, and
 * --api says whether AuthLab reads it as you meant.
 */
import { createStageTarget, inLanes, longestFirst, STAGE_IDS, STAGE_LANES, stageListSchema, type StageDescription } from '@authlab/contract';
import { Command, InvalidArgumentError } from 'commander';
import { formatMatrix, formatStageTable } from './format.ts';
import { readApiDescriptionFile, summariseApiDescription, writeStarterDescription } from './api-file.ts';
import { mismatches, runChecks, type CheckReport } from './run.ts';

function parseURL(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:3000');
  }
}

async function fetchStages(serverUrl: string): Promise<StageDescription[]> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}/api/stages`);
  } catch {
    throw new Error(`cannot reach ${serverUrl}; start the lab with \`npm start\` first`);
  }
  if (!response.ok) throw new Error(`${serverUrl}/api/stages answered ${response.status}`);
  const listed = stageListSchema.safeParse(await response.json().catch(() => undefined));
  if (!listed.success) throw new Error(`${serverUrl}/api/stages is not an AuthLab lesson server's stage list`);
  return listed.data.stages;
}

async function main(): Promise<number> {
  const program = new Command('check')
    .description('Run the AuthLab practice checks against a stage of the lesson server.')
    .option('--init <file>', 'write a commented starter description of your own API to this file, and stop')
    .option('--api <file>', 'read the description of your own API and show what AuthLab understood, or what is wrong')
    .option('-s, --stage <id>', `stage id (${STAGE_IDS.join(', ')}) or "all"`)
    .option('-u, --url <url>', 'lesson server URL', parseURL, 'http://127.0.0.1:3000')
    .option('--json', 'print JSON instead of a table')
    .parse();
  const options = program.opts<{ stage?: string; url: string; json?: boolean; init?: string; api?: string }>();
  if (options.init !== undefined) {
    const written = await writeStarterDescription(options.init, process.env.INIT_CWD ?? process.cwd());
    process.stdout.write(`wrote ${written}: describe your API's register, login and protected routes in it\n`);
    return 0;
  }
  if (options.api !== undefined) {
    const read = await readApiDescriptionFile(options.api, process.env.INIT_CWD ?? process.cwd());
    if (!read.ok) {
      process.stderr.write(`${options.api} is not a description AuthLab can use:\n${read.problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
      return 2;
    }
    process.stdout.write(
      `${options.api} describes:\n${summariseApiDescription(read)
        .map((line) => `  ${line}`)
        .join('\n')}\n`,
    );
    process.stdout.write('Running the practice checks against your own API is not built yet; this checks the description only.\n');
    return 0;
  }
  if (options.stage === undefined) throw new Error('say which stage to check (--stage <id> or --stage all), or --init <file> to describe your own API');

  const stages = await fetchStages(options.url);
  const selected = options.stage === 'all' ? stages : stages.filter((stage) => stage.id === options.stage);
  if (selected.length === 0) {
    throw new Error(`unknown stage "${options.stage}"; choose one of ${stages.map((stage) => stage.id).join(', ')} or all`);
  }

  const results = new Map<string, CheckReport[]>();
  if (!options.json) process.stderr.write(`Checking ${selected.map((stage) => stage.id).join(', ')}`);
  const reportsByStage = new Map<string, CheckReport[]>();
  await inLanes(longestFirst(selected), STAGE_LANES, async (stage) => {
    const reports = await runChecks(createStageTarget(options.url, stage.id), {
      ...(stage.expectedChecks ? { expected: stage.expectedChecks } : {}),
      onResult: () => options.json || process.stderr.write('.'),
    });
    reportsByStage.set(stage.id, reports);
  });
  if (!options.json) process.stderr.write('\n');
  // In the server's order, however the lanes finished.
  for (const stage of selected) results.set(stage.id, reportsByStage.get(stage.id) ?? []);

  if (options.json) {
    const rows = [...results].flatMap(([stage, reports]) =>
      reports.map(({ id, status, expected, evidence }) => ({ ...(selected.length > 1 ? { stage } : {}), id, status, expected, evidence })),
    );
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (selected.length > 1) {
    process.stdout.write(formatMatrix(results, { color: process.stdout.isTTY }));
  } else {
    process.stdout.write(formatStageTable(selected[0]?.id ?? '', [...results.values()][0] ?? [], { color: process.stdout.isTTY }));
  }
  const unexpected = [...results.values()].flatMap(mismatches);
  return unexpected.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`check: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
