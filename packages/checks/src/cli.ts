#!/usr/bin/env node
/**
 * npm run check -- --stage <id|all> [--url http://127.0.0.1:3000] [--json]
 * npm run check -- --stage <id|all> --url https://class.example.org --workspace <resume link>
 * npm run check -- --init my-api.yaml
 * npm run check -- --url http://127.0.0.1:8080 --api my-api.yaml [--allow-command] [--json] [--report r.md] [--expect e.json]
 * Runs the practice checks against a running lesson server and compares each verdict with
 * the profile the stage publishes, or against your own API as its description says. --init
 * writes a starter description; --api without --url says whether AuthLab reads it as you meant.
 * --workspace (or AUTHLAB_WORKSPACE) runs them in the learner's workspace on a classroom server.
 */
import { CHECK_IDS, createStageTarget, inLanes, longestFirst, STAGE_IDS, STAGE_LANES, stageListSchema, WORKSPACE_HEADER, type StageDescription } from '@authlab/contract';
import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { formatMatrix, formatStageTable, printable } from './format.ts';
import { allowTarget, readApiDescriptionFile, refuseWorkspaceWithApi, resolveClassroomTarget, workspaceRefusal } from '@authlab/lab-files';
import { readOpenApiDocument, writeStarterDescription } from './api-file.ts';
import { summariseApiDescription } from './api-summary.ts';
import { checkOwnApi, readExpectedVerdicts, requestBudget, writeMarkdownReport } from './own-api.ts';
import { mismatches, runChecks, type CheckReport } from './run.ts';

/** An http(s) URL without a trailing slash: the origin for the lesson server, origin and path for an API under /api or so. */
function parseURL(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http:// or https:// URL');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function fetchStages(serverUrl: string, workspaceToken: string | undefined): Promise<StageDescription[]> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}/api/stages`, { headers: workspaceToken === undefined ? {} : { [WORKSPACE_HEADER]: workspaceToken } });
  } catch (error) {
    // fetch hides why in `cause`: a refused connection, or a certificate this process does not trust.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    const advice = workspaceToken === undefined ? 'start the lab with `npm start` first' : 'check the address of the class';
    throw new Error(`cannot reach ${serverUrl}${cause}; ${advice}`, { cause: error });
  }
  const refusal = await workspaceRefusal(response, { serverUrl, sentToken: workspaceToken !== undefined });
  if (refusal !== undefined) throw new Error(refusal);
  if (!response.ok) throw new Error(`${serverUrl}/api/stages answered ${response.status}`);
  const listed = stageListSchema.safeParse(await response.json().catch(() => undefined));
  if (!listed.success) throw new Error(`${serverUrl}/api/stages is not an AuthLab lesson server's stage list`);
  return listed.data.stages;
}

const CHECK_COUNT = CHECK_IDS.length;

/** Loopback only, unless the learner says the API outside this machine is theirs to test. */
function allowOwnTarget(url: URL, allowRemote: boolean | undefined): void {
  allowTarget(url, { allowRemote, action: 'test', warn: (line) => process.stderr.write(line) });
}

async function main(): Promise<number> {
  const program = new Command('check')
    .description('Run the AuthLab practice checks against a stage of the lesson server, or of your workspace on a classroom server.')
    .option('--init <file>', 'write a commented starter description of your own API to this file, and stop')
    .option('--from-openapi <url|file>', 'with --init: guess the description from the OpenAPI document your API serves')
    .option('--api <file>', 'read the description of your own API and show what AuthLab understood, or what is wrong')
    .option('-s, --stage <id>', `stage id (${STAGE_IDS.join(', ')}) or "all"`)
    .option('-u, --url <url>', "lesson server URL, or with --api your own API's", parseURL, 'http://127.0.0.1:3000')
    .option('--allow-command', "with --api: let the checks run the description's storage.command to read what your API stored")
    .addOption(
      new Option('--workspace <link|token>', 'your workspace on a classroom server: the resume link the playground copies (it also gives --url), or its token').env(
        'AUTHLAB_WORKSPACE',
      ),
    )
    .option('--allow-remote-target', 'with --api: test an API outside this machine (only one you are allowed to test); with --workspace: send the token over plain HTTP')
    .option('--report <file>', 'with --api: also write the verdicts and evidence to this Markdown file')
    .option('--expect <file>', 'with --api: a JSON file of check id → expected verdict; any other verdict exits with 1')
    .option('--json', 'print JSON instead of a table')
    .parse();
  const options = program.opts<{
    stage?: string;
    url: string;
    json?: boolean;
    init?: string;
    fromOpenapi?: string;
    api?: string;
    allowCommand?: boolean;
    allowRemoteTarget?: boolean;
    report?: string;
    expect?: string;
    workspace?: string;
  }>();
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (options.init !== undefined) {
    const openApi =
      options.fromOpenapi === undefined ? undefined : await readOpenApiDocument(options.fromOpenapi, cwd, (url) => allowOwnTarget(url, options.allowRemoteTarget));
    const written = await writeStarterDescription(options.init, cwd, openApi);
    if (openApi === undefined) {
      process.stdout.write(`wrote ${written.path}: describe your API's register, login and protected routes in it\n`);
    } else {
      process.stdout.write(`wrote ${written.path} from ${options.fromOpenapi}; check each guess:\n${written.notes.map((note) => `  ${note}`).join('\n')}\n`);
    }
    return 0;
  }
  if (options.api !== undefined) {
    if (options.workspace !== undefined) refuseWorkspaceWithApi(program.getOptionValueSource('workspace'));
    const read = await readApiDescriptionFile(options.api, cwd);
    if (!read.ok) {
      process.stderr.write(`${options.api} is not a description AuthLab can use:\n${read.problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
      return 2;
    }
    const summary = `${options.api} describes:\n${summariseApiDescription(read)
      .map((line) => `  ${line}`)
      .join('\n')}\n`;
    if (program.getOptionValueSource('url') !== 'cli') {
      process.stdout.write(`${summary}Start your API, then add --url with its address (e.g. --url http://127.0.0.1:8080) to run the checks against it.\n`);
      return 0;
    }
    const url = new URL(options.url);
    allowOwnTarget(url, options.allowRemoteTarget);
    const expected = options.expect === undefined ? undefined : await readExpectedVerdicts(options.expect, cwd);
    if (!options.json) {
      process.stderr.write(summary);
      process.stderr.write(
        `Checking ${options.url}: ${CHECK_COUNT} checks on accounts they register themselves with random names, at most ${requestBudget()} requests in all; a 429 is waited out as its Retry-After says.\n`,
      );
      const command = read.description.storage?.command;
      if (command !== undefined) {
        process.stderr.write(
          options.allowCommand
            ? `The storage checks will run, with /bin/sh: ${printable(command)}\n`
            : 'storage.command will not run without --allow-command: the storage checks answer n/a.\n',
        );
      }
    }
    const report = await checkOwnApi({
      url: options.url,
      description: read.description,
      descriptionDir: path.dirname(path.resolve(cwd, options.api)),
      allowCommand: options.allowCommand === true,
      ...(expected ? { expected } : {}),
      onResult: (result) => options.json || process.stderr.write(`  ${result.id}: ${result.status} (${result.requests} request${result.requests === 1 ? '' : 's'})\n`),
    });
    if (options.report !== undefined) process.stderr.write(`wrote ${await writeMarkdownReport(options.report, cwd, report)}\n`);
    const reports = report.results;
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(formatStageTable(report.target.name ?? options.url, reports, { color: process.stdout.isTTY, requests: true }));
    return reports.some((result) => result.expected !== undefined && result.expected !== result.status) ? 1 : 0;
  }
  if (options.stage === undefined) throw new Error('say which stage to check (--stage <id> or --stage all), or --init <file> to describe your own API');

  const classroom = resolveClassroomTarget(options.workspace, {
    url: new URL(options.url),
    urlGiven: program.getOptionValueSource('url') === 'cli',
    allowRemote: options.allowRemoteTarget,
    warn: (line) => process.stderr.write(line),
  });
  const serverUrl = classroom.url.origin;
  const workspaceToken = classroom.token;
  const stages = await fetchStages(serverUrl, workspaceToken);
  const selected = options.stage === 'all' ? stages : stages.filter((stage) => stage.id === options.stage);
  if (selected.length === 0) {
    throw new Error(`unknown stage "${options.stage}"; choose one of ${stages.map((stage) => stage.id).join(', ')} or all`);
  }

  const results = new Map<string, CheckReport[]>();
  if (!options.json) process.stderr.write(`Checking ${selected.map((stage) => stage.id).join(', ')}`);
  const reportsByStage = new Map<string, CheckReport[]>();
  await inLanes(longestFirst(selected), STAGE_LANES, async (stage) => {
    const reports = await runChecks(createStageTarget(serverUrl, stage.id, workspaceToken === undefined ? {} : { workspaceToken }), {
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
