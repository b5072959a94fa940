#!/usr/bin/env node
/**
 * npm run attack -- <attack> --stage <id|all> [--url http://127.0.0.1:3000] [--json]
 * npm run attack -- --all [--url ...] [--json]
 * Runs the attack lab against a lesson server on this machine and compares every outcome with
 * what the stage says it should be. Exits 1 when an outcome differs, 2 when it cannot run.
 */
import { ATTACK_IDS, type AttackId, createStageTarget, isAttackId, STAGE_IDS } from '@authlab/contract';
import { Command, InvalidArgumentError } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import type { AttackProgress } from './attack.ts';
import { formatMatrix, formatResult } from './format.ts';
import { ATTACKS } from './registry.ts';
import { mismatches, runMatrix, type MatrixCell } from './run.ts';

/** The attacks never leave this machine: the lab's own server is the only target. */
function parseLoopbackURL(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:3000');
  }
  if (!/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)) {
    throw new InvalidArgumentError('the attack lab only attacks a lesson server on this machine (localhost, 127.x.x.x or [::1])');
  }
  return url.origin;
}

async function fetchStageIds(serverUrl: string): Promise<string[]> {
  const response = await fetch(`${serverUrl}/api/stages`).catch((error: unknown) => {
    // fetch hides why in `cause`: a refused connection, or a certificate this process does not trust.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const advice = serverUrl.startsWith('https:')
      ? 'over HTTPS, trust the lab certificate with NODE_EXTRA_CA_CERTS=.data/tls-cert.pem (from the repository root)'
      : 'start the lab with `npm start` first';
    throw new Error(`cannot reach ${serverUrl} (${cause}); ${advice}`);
  });
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

async function main(): Promise<number> {
  const program = new Command('attack')
    .description('Run the AuthLab attack lab against stages of a lesson server on this machine.')
    .argument('[attack]', `one of ${ATTACK_IDS.join(', ')}`)
    .option('-s, --stage <id>', `stage id (${STAGE_IDS.join(', ')}) or "all"`)
    .option('-a, --all', 'every attack against every stage: the replay matrix')
    .option('-u, --url <url>', 'lesson server URL', parseLoopbackURL, 'http://127.0.0.1:3000')
    .option('--json', 'print JSON instead of tables')
    .option('--list', 'list the attacks and exit')
    .parse();
  const options = program.opts<{ stage?: string; all?: boolean; url: string; json?: boolean; list?: boolean }>();
  const attackArgument = program.args[0];

  if (options.list) {
    for (const attack of ATTACKS) process.stdout.write(`${attack.id.padEnd(20)} ${attack.title}\n`);
    return 0;
  }
  if (attackArgument !== undefined && !isAttackId(attackArgument)) throw new Error(`unknown attack "${attackArgument}"; choose one of ${ATTACK_IDS.join(', ')}`);
  if (!options.all && (attackArgument === undefined || options.stage === undefined)) {
    throw new Error('name an attack and a stage (e.g. `brute-force --stage plaintext`), or use --all');
  }

  const stageIds = await fetchStageIds(options.url);
  const selected = options.all || options.stage === 'all' ? stageIds : stageIds.filter((id) => id === options.stage);
  if (selected.length === 0) throw new Error(`unknown stage "${options.stage}"; choose one of ${stageIds.join(', ')} or all`);
  const attacks: AttackId[] | undefined = options.all ? undefined : [attackArgument as AttackId];

  // Ctrl-C stops the running attack cleanly, as the playground's stop button does.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('stopped by Ctrl-C')));
  const bar = createProgressBar();
  const logCells = !process.stderr.isTTY && !options.json && selected.length * (attacks?.length ?? ATTACKS.length) > 1;
  const startedMs = performance.now();
  let cells: MatrixCell[];
  try {
    cells = await runMatrix(
      selected.map((stage) => createStageTarget(options.url, stage)),
      {
        signal: controller.signal,
        ...(attacks ? { attacks } : {}),
        onProgress: bar.onProgress,
        onCell: (cell) => {
          if (logCells) process.stderr.write(`${cell.stage} · ${cell.attack}: ${cell.result?.status ?? 'error'}\n`);
        },
      },
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`attack: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
