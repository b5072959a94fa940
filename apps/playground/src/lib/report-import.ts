/**
 * Reads a file that `npm run check -- --url … --api … --json` wrote, for the playground to show:
 * the CLI can run a description's storage command, which a page cannot.
 */
import { checkReportFileSchema, type CheckReportFile } from '@authlab/contract';

export type ReportImport = { ok: true; report: CheckReportFile } | { ok: false; problems: string[] };

/** A report of sixteen checks and their evidence is far below this; anything bigger is some other file. */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;

/** Every problem says where it is, so a learner can tell a wrong file from a damaged one. */
export function readCheckReport(text: string): ReportImport {
  if (text.length > MAX_REPORT_BYTES) return { ok: false, problems: [`larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB: not a check report`] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON (${error instanceof Error ? error.message : String(error)}): save the output of npm run check … --json`] };
  }
  const format = typeof value === 'object' && value !== null && 'format' in value ? value.format : undefined;
  if (format !== 'authlab-check-report') {
    return { ok: false, problems: ['not an AuthLab check report: its "format" is not "authlab-check-report" (save the output of npm run check … --json)'] };
  }
  const parsed = checkReportFileSchema.safeParse(value);
  if (parsed.success) return { ok: true, report: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`)) };
}
