import type { ReactNode } from 'react';
import { useState, type ChangeEvent } from 'react';
import { MAX_REPORT_BYTES, readCheckReport, type ReportImport as ReadReport } from '../../lib/report-import.ts';
import { OwnResults, VerdictCounts } from './OwnResults.tsx';
import { ProblemList } from './ProblemList.tsx';

/** A `--json` report from the CLI, which can run storage.command, shown with the same rows. */
export function ReportImport(): ReactNode {
  const [read, setRead] = useState<ReadReport & { file: string }>();

  async function load(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    // Not read at all when it is far bigger than any report.
    const result: ReadReport =
      file.size > MAX_REPORT_BYTES ? { ok: false, problems: [`larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB: not a check report`] } : readCheckReport(await file.text());
    setRead({ ...result, file: file.name });
  }

  return (
    <section className="your-api-section" aria-labelledby="import-heading">
      <h2 id="import-heading">3 · Import a report from the CLI</h2>
      <p>
        The CLI can do what this page cannot: read what your API stored, with <code>--allow-command</code>. Save its report with{' '}
        <code>npm run check -- --url http://127.0.0.1:8080 --api my-api.yaml --allow-command --json &gt; report.json</code> and load it here.
      </p>
      <label htmlFor="report-file">Check report (JSON)</label>{' '}
      <input id="report-file" data-testid="report-file" type="file" accept=".json,application/json" onChange={(event) => void load(event)} />
      {read && !read.ok && (
        <div role="alert" data-testid="report-problems">
          <p className="field-problem">{read.file} cannot be shown:</p>
          <ProblemList problems={read.problems} />
        </div>
      )}
      {read?.ok && (
        <div data-testid="imported-report">
          <p className="checks-summary" aria-live="polite">
            Imported from the CLI, run at <time dateTime={read.report.startedAt}>{read.report.startedAt}</time> against{' '}
            {read.report.target.name ? `${read.report.target.name} at ` : ''}
            <code>{read.report.target.url}</code>: <VerdictCounts reports={read.report.results} />.
          </p>
          <OwnResults checks={read.report.results} reports={read.report.results} ranInPage={false} />
        </div>
      )}
    </section>
  );
}
