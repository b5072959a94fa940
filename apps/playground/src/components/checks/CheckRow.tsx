import type { Check, CheckReport } from '@authlab/checks';
import type { ReactNode } from 'react';
import type { Expectation } from '../../lib/profile.ts';
import { Evidence } from './Evidence.tsx';
import { AgreementNote, VerdictBadge, type DisplayStatus } from './Verdict.tsx';

interface CheckRowProps {
  check: Pick<Check, 'id' | 'title' | 'hint'>;
  expected: Expectation | undefined;
  report: Pick<CheckReport, 'status' | 'evidence'> | undefined;
  running: boolean;
  /** Said under the title, verdict or not: e.g. how many requests the check sent, or where else to run it. */
  note?: ReactNode;
}

/** One practice check: its verdict against the lesson's claim, why, and the requests behind it. */
export function CheckRow({ check, expected, report, running, note }: CheckRowProps): ReactNode {
  const status: DisplayStatus = report?.status ?? (running ? 'running' : 'pending');
  const unexpected = report !== undefined && expected !== undefined && report.status !== expected.status;
  return (
    <li
      className={`check-row${unexpected ? ' check-row-unexpected' : ''}`}
      data-testid="check-row"
      data-check-id={check.id}
      data-status={status}
      data-expected={expected?.status}
      data-mistake={expected?.mistake}
      aria-busy={running}
    >
      <div className="check-head">
        <VerdictBadge status={status} />
        <h3 className="check-title">{check.title}</h3>
        <AgreementNote expected={expected} actual={report?.status} />
      </div>
      {note}
      {report && (
        <div className="check-body">
          <p className="check-explanation">{report.evidence.explanation}</p>
          {report.status === 'fail' && (
            <p className="check-hint">
              <strong>How to fix it: </strong>
              {check.hint}
            </p>
          )}
          <Evidence evidence={report.evidence} />
        </div>
      )}
    </li>
  );
}
