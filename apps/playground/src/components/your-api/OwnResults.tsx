import type { Check, CheckReport } from '@authlab/checks';
import type { CheckId } from '@authlab/contract';
import type { ReactNode } from 'react';
import { tallyReports } from '../../lib/profile.ts';
import { CheckRow } from '../checks/CheckRow.tsx';

/** The checks that read what the API stored, which only the CLI can do (it runs storage.command). */
const STORAGE_CHECKS: ReadonlySet<CheckId> = new Set<CheckId>(['no-plaintext-storage', 'salted-hash', 'slow-hash']);

export type OwnReport = Pick<CheckReport, 'id' | 'status' | 'evidence' | 'requests'>;

interface OwnResultsProps {
  checks: readonly Pick<Check, 'id' | 'title' | 'hint'>[];
  reports: readonly OwnReport[];
  /** The check in flight, while a run goes on. */
  runningId?: CheckId | undefined;
  /** The page ran them, so the storage checks could not read what the API stores. */
  ranInPage: boolean;
}

/** One row per check, the same verdict-and-evidence rows as a stage's checks. */
export function OwnResults({ checks, reports, runningId, ranInPage }: OwnResultsProps): ReactNode {
  return (
    <ol className="check-list">
      {checks.map((check) => {
        const report = reports.find((candidate) => candidate.id === check.id);
        const storageNote = ranInPage && STORAGE_CHECKS.has(check.id) && report?.status !== 'pass' && report?.status !== 'fail';
        return (
          <CheckRow
            key={check.id}
            check={check}
            expected={undefined}
            report={report}
            running={check.id === runningId}
            note={
              <>
                {report && (
                  <p className="muted check-requests">
                    {report.requests} request{report.requests === 1 ? '' : 's'} sent
                  </p>
                )}
                {storageNote && (
                  <p className="check-cli-note" data-testid="storage-cli-note">
                    This page cannot run your <code>storage.command</code>. Run the CLI with <code>--allow-command</code> and import its <code>--json</code> report below.
                  </p>
                )}
              </>
            }
          />
        );
      })}
    </ol>
  );
}

/** "9 pass · 4 fail · 3 n/a". */
export function VerdictCounts({ reports }: { reports: readonly OwnReport[] }): ReactNode {
  const tally = tallyReports(reports);
  return (
    <>
      {tally.pass} pass · {tally.fail} fail · {tally['n/a']} n/a
    </>
  );
}
