import type { CheckStatus } from '@authlab/checks';
import type { ReactNode } from 'react';
import { agreementOf } from '../../lib/profile.ts';

/** What a check row or matrix cell shows: a verdict, or where it is in the run. */
export type DisplayStatus = CheckStatus | 'pending' | 'running';

const LABELS: Record<DisplayStatus, { mark: string; text: string }> = {
  pass: { mark: '✓', text: 'pass' },
  fail: { mark: '✗', text: 'fail' },
  'n/a': { mark: '–', text: 'n/a' },
  pending: { mark: '·', text: 'not run' },
  running: { mark: '…', text: 'running' },
};

export function statusClass(status: DisplayStatus): string {
  return `verdict verdict-${status === 'n/a' ? 'na' : status}`;
}

/** A verdict in words and a mark, never colour alone. */
export function VerdictBadge({ status }: { status: DisplayStatus }): ReactNode {
  const label = LABELS[status];
  return (
    <span className={statusClass(status)}>
      <span aria-hidden="true">{label.mark} </span>
      {label.text}
    </span>
  );
}

/** Whether the verdict is the one the lesson claims. */
export function AgreementNote({ expected, actual }: { expected: CheckStatus | undefined; actual: CheckStatus | undefined }): ReactNode {
  if (expected === undefined) return null;
  const agreement = agreementOf(expected, actual);
  if (agreement === 'pending') return <span className="agreement agreement-pending">lesson expects {expected}</span>;
  if (agreement === 'as-expected') {
    return <span className="agreement agreement-ok">as the lesson claims ({expected})</span>;
  }
  return (
    <span className="agreement agreement-off">
      <span aria-hidden="true">≠ </span>the lesson claims {expected}
    </span>
  );
}
