#!/usr/bin/env node
/**
 * npm run attack -- <attack> --stage <id|all> [--url http://127.0.0.1:3000] [--json]
 * npm run attack -- --all [--url ...] [--json]
 * npm run attack -- <attack|--all> [--stage <id|all>] --url https://class.example.org --workspace <resume link>
 * npm run attack -- <attack|--all> --url http://127.0.0.1:8080 --api my-api.yaml [--allow-command] [--allow-remote-target] [--json]
 * npm run attack -- --measure-allowance --stage lockout [--url ...] [--workspace ...] [--json]
 * Runs the attack lab against a lesson server on this machine and compares every outcome with
 * what the stage says it should be, or against your own API as its description says. Exits 1
 * when an outcome differs from the stage's, 2 when it cannot run (or an attack could not finish).
 * With --workspace (or AUTHLAB_WORKSPACE) the lesson server may be a classroom server elsewhere:
 * the attacks then run in the learner's own workspace there.
 */
import path from 'node:path';
import {
  ATTACK_IDS,
  type AttackId,
  createStageTarget,
  fetchInWorkspace,
  holdingAttackSlot,
  isAttackId,
  isLoopback,
  STAGE_IDS,
  type StageTarget,
  WORKSPACE_HEADER,
} from '@authlab/contract';
import { allowTarget, readApiDescriptionFile, refuseWorkspaceWithApi, resolveClassroomTarget, workspaceRefusal } from '@authlab/lab-files';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import type { AttackBudget, AttackProgress } from './attack.ts';
import { hasAllowance, measureAllowance, type AllowanceMeasurement } from './allowance.ts';
import { formatAllowance, formatMatrix, formatResult } from './format.ts';
import { attackOwnApi, attemptCap } from './own-api.ts';
import { ATTACKS, getAttack } from './registry.ts';
import { mismatches, runMatrix, type MatrixCell } from './run.ts';

function parseURL(value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:3000');
  }
}

function parsePositive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a whole number above 0');
  return number;
}

async function fetchStageIds(serverUrl: string, workspaceToken: string | undefined): Promise<string[]> {
  const headers: Record<string, string> = workspaceToken === undefined ? {} : { [WORKSPACE_HEADER]: workspaceToken };
  const response = await fetch(`${serverUrl}/api/stages`, { headers }).catch((error: unknown) => {
    // fetch hides why in `cause`: a refused connection, or a certificate this process does not trust.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const advice =
      workspaceToken !== undefined
        ? 'check the address of the class'
        : serverUrl.startsWith('https:')
          ? 'over HTTPS, trust the lab certificate with NODE_EXTRA_CA_CERTS=.data/tls-cert.pem (from the repository root)'
          : 'start the lab with `npm start` first';
    throw new Error(`cannot reach ${serverUrl} (${cause}); ${advice}`);
  });
  const refusal = await workspaceRefusal(response, { serverUrl, sentToken: workspaceToken !== undefined });
  if (refusal !== undefined) throw new Error(refusal);
  if (!response.ok) throw new Error(`${serverUrl}/api/stages answered ${response.status}`);
  return ((await response.json()) as { stages: { id: string }[] }).stages.map((stage) => stage.id);
}

function createProgressBar(): { onProgress: (where: Pick<MatrixCell, 'stage' | 'attack'>, progress: AttackProgress) => void; stop: () => void } {
  const bar = new SingleBar(
    { format: '{cell} |{bar}| {value}/{total} {message}', stream: process.stderr, hideCursor: true, clearOnComplete: true, barsize: 24 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(where, progress) {
      const payload = { cell: `${where.stage} · ${where.attack}`.padEnd(32), message: progress.message.slice(0, 40) };
      if (!started) bar.start(Math.max(1, progress.total), progress.completed, payload);
      started = true;
      bar.setTotal(Math.max(1, progress.total));
      bar.update(progress.completed, payload);
    },
    stop: () => started && bar.stop(),
  };
}

interface CLIOptions {
  stage?: string;
  all?: boolean;
  url: URL;
  json?: boolean;
  list?: boolean;
  api?: string;
  allowCommand?: boolean;
  allowRemoteTarget?: boolean;
  maxAttempts?: number;
  maxSeconds?: number;
  workspace?: string;
  measureAllowance?: boolean;
}

async function main(): Promise<number> {
  const program = new Command('attack')
    .description(
      'Run the AuthLab attack lab against stages of a lesson server on this machine or of your workspace on a classroom server, or against your own API as its description says.',
    )
    .argument('[attack]', `one of ${ATTACK_IDS.join(', ')}`)
    .option('-s, --stage <id>', `stage id (${STAGE_IDS.join(', ')}) or "all"`)
    .option('-a, --all', 'every attack (against every stage: the replay matrix)')
    .option('-u, --url <url>', "lesson server URL, or with --api your own API's", parseURL, new URL('http://127.0.0.1:3000'))
    .option('--api <file>', 'attack your own API, described in this file (npm run check -- --init writes a starter)')
    .option('--allow-command', "with --api: let breach-crack run the description's storage.command to read what your API stored")
    .addOption(
      new Option('--workspace <link|token>', 'your workspace on a classroom server: the resume link the playground copies (it also gives --url), or its token').env(
        'AUTHLAB_WORKSPACE',
      ),
    )
    .option('--allow-remote-target', 'with --api: attack an API outside this machine (only one you are allowed to test); with --workspace: send the token over plain HTTP')
    .option('--max-attempts <n>', "with --api: each attack's attempt budget instead of its own", parsePositive)
    .option('--max-seconds <n>', "with --api: each attack's time budget instead of its own", parsePositive)
    .option('--measure-allowance', 'with --stage: count the wrong guesses the lockout checks and the logins the rate limit answers, beside what the stage promises')
    .option('--json', 'print JSON instead of tables')
    .option('--list', 'list the attacks and exit')
    // A bad option is a run that cannot start: exit 2 like every other such error (help stays 0).
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .parse();
  const options = program.opts<CLIOptions>();
  const attackArgument = program.args[0];

  if (options.list) {
    for (const attack of ATTACKS) process.stdout.write(`${attack.id.padEnd(20)} ${attack.title}\n`);
    return 0;
  }
  if (attackArgument !== undefined && !isAttackId(attackArgument)) throw new Error(`unknown attack "${attackArgument}"; choose one of ${ATTACK_IDS.join(', ')}`);
  if (options.measureAllowance && (options.api !== undefined || options.all || attackArgument !== undefined)) {
    throw new Error('--measure-allowance takes a stage (e.g. `--measure-allowance --stage lockout`), not an attack, --all or --api: it resets the stage between its probes');
  }
  if (options.api !== undefined) {
    if (options.workspace !== undefined) refuseWorkspaceWithApi(program.getOptionValueSource('workspace'));
    if (program.getOptionValueSource('url') !== 'cli') throw new Error('say where your API runs with --url, e.g. --url http://127.0.0.1:8080');
    if (!options.all && attackArgument === undefined) throw new Error('name an attack (e.g. `brute-force --api my-api.yaml --url …`), or use --all');
    return attackOwnApiFromCLI(options.api, options, options.all ? [...ATTACK_IDS] : [attackArgument as AttackId]);
  }
  const classroom = resolveClassroomTarget(options.workspace, {
    url: options.url,
    urlGiven: program.getOptionValueSource('url') === 'cli',
    allowRemote: options.allowRemoteTarget,
    warn: (line) => process.stderr.write(line),
  });
  const workspaceToken = classroom.token;
  // The lab's stages are insecure on purpose: only the lesson server on this machine is attacked,
  // or the learner's own workspace on a classroom server, which nobody else's requests reach.
  if (workspaceToken === undefined && !isLoopback(options.url)) {
    throw new Error('the attack lab only attacks a lesson server on this machine (localhost, 127.x.x.x or [::1]), or your workspace on a classroom server (--workspace)');
  }
  const serverUrl = classroom.url.origin;
  if (options.measureAllowance) return measureAllowanceFromCLI(serverUrl, workspaceToken, options);
  if (!options.all && (attackArgument === undefined || options.stage === undefined)) {
    throw new Error('name an attack and a stage (e.g. `brute-force --stage plaintext`), or use --all');
  }

  const stageIds = await fetchStageIds(serverUrl, workspaceToken);
  const selected = options.all || options.stage === 'all' ? stageIds : stageIds.filter((id) => id === options.stage);
  if (selected.length === 0) throw new Error(`unknown stage "${options.stage}"; choose one of ${stageIds.join(', ')} or all`);
  const attacks: AttackId[] | undefined = options.all ? undefined : [attackArgument as AttackId];

  const controller = stopOnCtrlC();
  const bar = createProgressBar();
  const logCells = !process.stderr.isTTY && !options.json && selected.length * (attacks?.length ?? ATTACKS.length) > 1;
  const startedMs = performance.now();
  let cells: MatrixCell[];
  const attackAll = (): Promise<MatrixCell[]> =>
    runMatrix(
      selected.map((stage) => createStageTarget(serverUrl, stage, workspaceToken === undefined ? {} : { workspaceToken })),
      {
        signal: controller.signal,
        ...(attacks ? { attacks } : {}),
        onProgress: bar.onProgress,
        onCell: (cell) => {
          if (logCells) process.stderr.write(`${cell.stage} · ${cell.attack}: ${cell.result?.status ?? 'error'}\n`);
        },
      },
    );
  try {
    // In a classroom the run holds the workspace's one attack slot, as the attack lab's do.
    cells =
      workspaceToken === undefined
        ? await attackAll()
        : await holdingAttackSlot(
            {
              origin: serverUrl,
              fetch: fetchInWorkspace((input, init) => fetch(input, init), workspaceToken),
              run: { attack: attacks?.length === 1 ? (attacks[0] ?? 'all') : 'all', stage: selected.length === 1 ? (selected[0] ?? 'all') : 'all' },
            },
            attackAll,
          );
  } finally {
    bar.stop();
  }
  const wallSeconds = Math.round(performance.now() - startedMs) / 1000;

  const color = Boolean(process.stdout.isTTY);
  if (options.json) process.stdout.write(`${JSON.stringify({ wallSeconds, cells }, null, 2)}\n`);
  else if (cells.length === 1 && cells[0] !== undefined) process.stdout.write(formatResult(cells[0], { color }));
  else process.stdout.write(`${formatMatrix(cells, { color })}wall time ${wallSeconds.toFixed(1)} s\n`);
  return mismatches(cells).length === 0 ? 0 : 1;
}

/**
 * The lockout's and the rate limit's allowance on each selected stage that has one: the figure
 * the memory-rate-limit mistake is about. Exits 0 once measured, whatever the figures say.
 */
async function measureAllowanceFromCLI(serverUrl: string, workspaceToken: string | undefined, options: CLIOptions): Promise<number> {
  if (options.stage === undefined) throw new Error('say which stage to measure, e.g. `--measure-allowance --stage lockout`');
  const targets: StageTarget[] = [];
  for (const stage of await fetchStageIds(serverUrl, workspaceToken)) {
    if (options.stage !== 'all' && stage !== options.stage) continue;
    const target = createStageTarget(serverUrl, stage, workspaceToken === undefined ? {} : { workspaceToken });
    if (hasAllowance((await target.describe()).policy)) targets.push(target);
    else if (options.stage !== 'all') throw new Error(`stage ${stage} has no lockout or login rate limit to measure`);
  }
  if (targets.length === 0) throw new Error(options.stage === 'all' ? 'no stage has a lockout or login rate limit' : `unknown stage "${options.stage}"`);
  const controller = stopOnCtrlC();
  const measureAll = async (): Promise<AllowanceMeasurement[]> => {
    const measurements: AllowanceMeasurement[] = [];
    for (const target of targets) measurements.push(await measureAllowance(target, { signal: controller.signal }));
    return measurements;
  };
  // In a classroom it holds the workspace's attack slot like an attack: its probes are sequential wrong guesses, a brute force.
  const measurements =
    workspaceToken === undefined
      ? await measureAll()
      : await holdingAttackSlot(
          {
            origin: serverUrl,
            fetch: fetchInWorkspace((input, init) => fetch(input, init), workspaceToken),
            run: { attack: 'brute-force', stage: targets.length === 1 ? (targets[0]?.stage ?? 'all') : 'all' },
          },
          measureAll,
        );
  if (options.json) process.stdout.write(`${JSON.stringify({ measurements }, null, 2)}\n`);
  else for (const measurement of measurements) process.stdout.write(formatAllowance(measurement));
  return 0;
}

/** Ctrl-C stops the running attack cleanly, as the playground's stop button does. */
function stopOnCtrlC(): AbortController {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('stopped by Ctrl-C')));
  return controller;
}

/** The attacks against the learner's own API, after saying what they will send. */
async function attackOwnApiFromCLI(file: string, options: CLIOptions, attacks: AttackId[]): Promise<number> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const read = await readApiDescriptionFile(file, cwd);
  if (!read.ok) throw new Error(`${file} is not a description AuthLab can use:\n${read.problems.map((problem) => `  - ${problem}`).join('\n')}`);
  const url = options.url;
  allowTarget(url, { allowRemote: options.allowRemoteTarget, action: 'attack', warn: (line) => process.stderr.write(line) });
  const budget: Partial<AttackBudget> = {
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.maxSeconds === undefined ? {} : { maxDurationMs: options.maxSeconds * 1000 }),
  };
  const seconds = attacks.reduce((sum, id) => sum + (budget.maxDurationMs ?? getAttack(id).defaultBudget.maxDurationMs), 0) / 1000;
  // Said before the first request, on stderr so that --json output stays clean.
  process.stderr.write(
    `Attacking ${url.origin} (${read.description.name ?? file}) with ${attacks.join(', ')}: at most ${attemptCap(attacks, budget)} attempts in all, within ${Math.round(seconds)} s, ` +
      'plus the requests that register and sign in the accounts each attack plants under fresh random names. No other account is guessed at, locked or changed; a 423 or 429 is reported as your defence working.\n',
  );
  if (attacks.includes('breach-crack') && read.description.storage && !options.allowCommand)
    process.stderr.write('storage.command will not run without --allow-command: breach-crack answers n/a.\n');
  const controller = stopOnCtrlC();
  const bar = createProgressBar();
  let cells: MatrixCell[];
  try {
    cells = await attackOwnApi({
      url: url.origin,
      description: read.description,
      descriptionDir: path.dirname(path.resolve(cwd, file)),
      allowCommand: options.allowCommand === true,
      attacks,
      budget,
      signal: controller.signal,
      onProgress: (attack, progress) => bar.onProgress({ stage: read.description.name ?? url.origin, attack }, progress),
      onWait: (wait) => options.json || process.stderr.write(`waiting ${wait} s for the login rate limit to recover before the next attack\n`),
    });
  } finally {
    bar.stop();
  }
  const color = Boolean(process.stdout.isTTY);
  if (options.json) process.stdout.write(`${JSON.stringify({ target: { name: read.description.name, url: url.origin }, cells }, null, 2)}\n`);
  else process.stdout.write(cells.map((cell) => formatResult(cell, { color })).join('\n'));
  // Every outcome is a finding; only an attack that could not finish is a failure to run.
  return cells.some((cell) => cell.error !== undefined) ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`attack: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
