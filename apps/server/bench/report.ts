import { MIN_BCRYPT_COST } from '@authlab/auth-core';
import type { Figure } from './figures.ts';

/** Turns figures into the terminal table and the docs/benchmarks.md page. */

export interface RunInfo {
  command: string;
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  loadAverage: string;
  bcryptCost: number;
  secondsPerFigure: number;
}

function ratioText(figure: Figure): string {
  if (Number.isNaN(figure.ratio)) return 'n/a';
  if (figure.ratio === 0) return '0 ×';
  if (figure.ratio >= 1000) return `${Math.round(figure.ratio).toLocaleString('en-US')} ×`;
  return `${figure.ratio.toFixed(figure.ratio < 0.1 ? 4 : 2)} ×`;
}

function verdict(figure: Figure): string {
  if (figure.target === undefined) return 'reported';
  const { comparison, value } = figure.target;
  const met = comparison === '>=' ? figure.ratio >= value : figure.ratio <= value;
  return `${met ? 'met' : 'MISSED'} (${comparison === '>=' ? '≥' : '≤'} ${value})`;
}

export function terminalTable(figures: readonly Figure[]): string {
  const rows = [['Figure', 'Measured', 'Baseline (same run)', 'Ratio', 'Target'], ...figures.map((f) => [f.label, f.measured, f.baseline, ratioText(f), verdict(f)])];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const notes = figures.filter((f) => f.note !== undefined).map((f) => `  * ${f.label}: ${f.note}`);
  return [line(rows[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line), '', ...notes].join('\n');
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** The figures as a markdown table, followed by their notes as a list. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => `| ${cell(f.label)} | ${cell(f.measured)} | ${cell(f.baseline)} | **${ratioText(f)}** | ${verdict(f)} |`);
  const notes = figures.filter((f) => f.note !== undefined).map((f) => `- ${cell(f.label)}: ${f.note}`);
  return `| Figure | Measured | Baseline (same run) | Ratio | Target |
|---|---|---|---|---|
${rows.join('\n')}

${notes.join('\n')}`;
}

export function markdown(figures: readonly Figure[], run: RunInfo): string {
  return `# Benchmarks

Every figure is a **ratio to a baseline measured in the same run**, never a bare time: machines
are noisy, and a ratio taken seconds apart on the same machine keeps what it says when the
machine is busy or the hardware changes. Subject and baseline alternate during the run.

## Latest run

- Command: \`${run.command}\`
- Date: ${run.date}
- Machine: ${run.cores} cores (${run.cpuModel}), Node ${run.node}, load average at start ${run.loadAverage}
- bcrypt cost ${run.bcryptCost}${run.bcryptCost === MIN_BCRYPT_COST ? ' (the lowest production cost)' : ''} for the login figures, about ${run.secondsPerFigure} s of load per figure

${markdownTable(figures)}

## What each figure measures

- **Login rps on each bcrypt stage**: successful logins per second with 8 clients, against
  \`POST /bench/compare\`, a route that parses the same body and runs one \`bcrypt.compare\` at
  the same cost. Near 1 means a login costs its bcrypt compare and almost nothing else.
- **\`/api/health\` p99 during a login flood**: one probe request every 10 ms, timed with
  sub-millisecond resolution, while 50 clients send wrong passwords to stage 3. Against the same
  probe on the idle server, and against the foil: the same flood sent to
  \`POST /bench/compare-sync\`, which calls \`bcrypt.compareSync\` and so blocks the event loop.
- **429 flood**: 16 clients send logins to stage 6 with its production limit (10 per minute);
  all but the first few are answered 429. Against \`POST /bench/echo\`, bare Express parsing the
  same body. The bench server counts every \`bcrypt.compare\` the app starts: a rejected request
  must start none.
- **JWT \`/records\`**: 16 clients with a valid bearer token, against \`GET /bench/json\`, bare
  Express sending the same JSON body without authentication or middleware.
- **Basic \`/records\`**: the same load with a Basic header, against JWT \`/records\`.
- **SHA-256 vs bcrypt**: guesses per second on one core against a stage 2 digest and a
  stage 3 hash.
- **\`npm test\` wall time**: one full \`npm test\`, with \`--with-test-time\` only.
- **Waits** (one stage's practice checks, the score board, the attack matrix): wall time of the
  same runs the playground starts, against a fresh server at the lab's default bcrypt cost (12),
  as ratios to the budgets of the playground issue (5 s, 15 s, 20 s); the score board works two
  stages at a time, the matrix two stages at a time and then its machine-timed attacks alone. A
  wait has no baseline to run alongside; instead the note gives the bcrypt compares it paid for
  and the server's CPU time, which spread over every core is the shortest the server's part of
  the wait could be on this machine.

## Where the time goes

- **JWT \`/records\`**: beyond the bare route's work, the production route sets helmet's headers,
  \`Cache-Control\` and the \`X-Auth-Flow\` trace, walks the app and API routers to the stage's mount (Express matches the
  six mount paths in turn; the lab's own routes sit on the stage's router), and checks the
  token. auth-core verifies HS256 with jsonwebtoken and a \`KeyObject\` built once; a token it
  has verified before is a cache lookup keyed by the whole token, and its expiry is checked
  again on every request (the cache keeps an entry at most one token lifetime, drops it once
  the token has expired, and is emptied by the stage's \`/reset\`). Before these changes the
  route ran at 0.44–0.74 × (jose through WebCrypto, a nest of per-stage routers). Without the
  cache it measures about 0.63–0.67 × where it measures 0.72–0.78 × with it (four alternating
  runs of the figure alone, 2026-12-03), below the 0.85 target either way, so the cache stays.
- **429 flood**: stage 6 mounts its limiter ahead of the JSON parser, so a refused attempt is
  answered before its body is read, with a refusal built once. It starts no bcrypt work, which
  is what the next row proves.
- **\`npm test\`**: CPU-bound on two cores; turbo runs every package at once. Test files share
  one module graph per worker (\`isolate: false\`), the server's files run on two workers, the
  Node packages are type-checked as one program, and the bench's smoke run is its own CI step.
- **Waits**: nearly all of a wait is the server hashing passwords, which is what the checks and
  attacks are there to show: a check proves a lockout with real failed logins, each one a
  bcrypt compare. The checks share one account and its login per run, reset a stage only where
  its counters matter, send independent requests together, and stop a timing comparison as soon
  as the answer is clear; the matrix measures guess rates once per run. What is left is close
  to the server's CPU floor in the note (the matrix adds the offline cracking in the client).
- **Noise**: this machine is a shared VM; the same figure moves by ±15 % between runs. Subject
  and baseline alternate within a run, which is why each figure is a ratio.

## Running it

\`\`\`sh
npm run bench                      # the real run (a few minutes); rewrites this file
npm run bench -- --with-test-time  # also times one full npm test
npm run bench -- --smoke           # about a second per figure; prints, writes nothing
npm run bench -- --classroom       # only the classroom figures; rewrites their own section below
npm run bench -- --classroom --processes 1,2  # also 1 process on SQLite vs 2 on PostgreSQL + Redis behind Caddy
npm run bench:smoke                # the smoke run as a test (CI runs it after the browser tests)
\`\`\`

The server under load runs in its own process (\`apps/server/bench/server.ts\`) in production
mode on an ephemeral loopback port; autocannon drives it from the runner's process. The
\`/bench\` routes exist only in that bench server, which answers them before the unchanged
\`createApp()\` sees the request: the production app never has them. Stage 6's limiter and lockout are raised in
the bench config for the login figures, and kept at production values for the 429 figure. Run
it on a quiet machine (\`uptime\` shows the load average).
`;
}
