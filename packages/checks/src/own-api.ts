/**
 * `npm run check -- --url http://127.0.0.1:8080 --api my-api.yaml`: the practice checks against a
 * learner's own API, in any language, as its description says. Node only: it may run the
 * description's storage command, and it writes the files a course collects.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDescribedTarget, expectedVerdictsSchema, type ApiDescription, type CheckId, type CheckReportFile, type CheckStatus } from '@authlab/contract';
import { storageReader } from '@authlab/lab-files';
import { printable } from './format.ts';
import { CHECKS } from './registry.ts';
import { runChecks, type CheckReport } from './run.ts';

/** What the checks may send: said before the first request, so nobody is surprised by their logs. */
export function requestBudget(ids?: readonly CheckId[]): number {
  return CHECKS.filter((check) => ids === undefined || ids.includes(check.id)).reduce((sum, check) => sum + check.budget, 0);
}

export interface OwnApiRun {
  url: string;
  description: ApiDescription;
  /** The description file's folder: the storage command runs there. */
  descriptionDir: string;
  allowCommand: boolean;
  /** The storage command's environment; this process's by default. */
  commandEnv?: NodeJS.ProcessEnv;
  expected?: Partial<Record<CheckId, CheckStatus>>;
  onResult?: (report: CheckReport) => void;
  signal?: AbortSignal;
}

/** How long the API gets to answer the one request that shows it is there. */
const REACH_TIMEOUT_MS = 10_000;

/**
 * One request before the run: an API that is not there would otherwise fail every check in turn.
 * Any HTTP answer will do (a 401 from the protected route is expected); only no answer stops the run.
 */
async function assertReachable(url: string, description: ApiDescription): Promise<void> {
  try {
    const answer = await fetch(`${url}${description.protected.path}`, { redirect: 'manual', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    await answer.body?.cancel();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? (('code' in cause && typeof cause.code === 'string' ? cause.code : undefined) ?? cause.message) : String(cause);
    throw new Error(`cannot reach ${url} (${reason}): start your API first, or fix --url`, { cause: error });
  }
}

/** Runs every check against the described API and returns the report a course can keep. */
export async function checkOwnApi(run: OwnApiRun): Promise<CheckReportFile> {
  const startedAt = new Date().toISOString();
  await assertReachable(run.url, run.description);
  const storage = run.description.storage;
  const target = createDescribedTarget(
    run.url,
    run.description,
    storage && run.allowCommand ? { readStored: storageReader(storage.command, run.descriptionDir, run.commandEnv) } : {},
  );
  let waitedSeconds = 0;
  const reports = await runChecks(target, {
    ...(run.signal ? { signal: run.signal } : {}),
    onResult: (report) => run.onResult?.(report),
    onWaited: (seconds) => (waitedSeconds = Math.round(seconds * 10) / 10),
  });
  return {
    format: 'authlab-check-report',
    version: 1,
    target: { ...(run.description.name ? { name: run.description.name } : {}), url: run.url },
    startedAt,
    waitedSeconds,
    results: reports.map(({ id, title, hint, status, requests, evidence }) => {
      const expected = run.expected?.[id];
      return { id, title, hint, status, ...(expected ? { expected } : {}), requests, evidence };
    }),
  };
}

/** Reads `--expect expected.json`: check id → the verdict a course expects. */
export async function readExpectedVerdicts(file: string, cwd: string): Promise<Partial<Record<CheckId, CheckStatus>>> {
  const target = path.resolve(cwd, file);
  const text = await readFile(target, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${target} is not JSON`);
  }
  const parsed = expectedVerdictsSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${target}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Writes the run as one Markdown file an instructor can collect. */
export async function writeMarkdownReport(file: string, cwd: string, report: CheckReportFile): Promise<string> {
  const target = path.resolve(cwd, file);
  await writeFile(target, markdownReport(report));
  return target;
}

const cell = (text: string): string => printable(text).replaceAll('|', '\\|');

export function markdownReport(report: CheckReportFile): string {
  const name = report.target.name ?? report.target.url;
  const count = (status: CheckStatus): number => report.results.filter((result) => result.status === status).length;
  const expecting = report.results.some((result) => result.expected !== undefined);
  const lines = [
    `# AuthLab practice checks: ${name}`,
    '',
    `${report.target.url} · ${report.startedAt} · ${count('pass')} pass, ${count('fail')} fail, ${count('n/a')} n/a · ` +
      `${report.results.reduce((sum, result) => sum + result.requests, 0)} requests · ${Math.round(report.waitedSeconds)} s waiting out 429s`,
    '',
    `| Check | Verdict |${expecting ? ' Expected |' : ''} Requests | Why |`,
    `| --- | --- |${expecting ? ' --- |' : ''} ---: | --- |`,
    ...report.results.map(
      (result) =>
        `| ${result.id} | ${result.status} |${expecting ? ` ${result.expected ?? ''}${result.expected !== undefined && result.expected !== result.status ? ' ✗' : ''} |` : ''} ${result.requests} | ${cell(result.evidence.explanation)} |`,
    ),
    '',
    '## Evidence',
  ];
  for (const result of report.results) {
    lines.push('', `### ${result.id}: ${result.status}`, '', result.title, '', printable(result.evidence.explanation));
    if (result.status === 'fail') lines.push('', `Hint: ${result.hint}`);
    if (result.evidence.exchanges.length > 0) {
      // An indented code block, not a fenced one: an answer with ``` in it cannot end it early.
      lines.push('');
      for (const exchange of result.evidence.exchanges) {
        lines.push(
          `    ${exchange.request.method} ${exchange.request.path} → ${exchange.response.status} ${printable(JSON.stringify(exchange.response.body) ?? '').slice(0, 200)}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
