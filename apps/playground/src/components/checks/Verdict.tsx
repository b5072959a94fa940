import type { CheckStatus } from '@authlab/contract';
import type { ReactNode } from 'react';
import { agreementOf, type Expectation } from '../../lib/profile.ts';

/** What a check row or matrix cell shows: a verdict, or where it is in the run. */
export type DisplayStatus = CheckStatus | 'pending' | 'running';

const LABELS: Record<DisplayStatus, { mark: string; text: string }> = {
  pass: { mark: '✓', text: 'pass' },
  fail: { mark: '✗', text: 'fail' },
  'n/a': { mark: '–', text: 'n/a' },
  pending: { mark: '·', text: 'not run' },
  running: { mark: '…', text: 'running' },
};

function statusClass(status: DisplayStatus): string {
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

/**
 * Whether the verdict is the one expected: the lesson's claim, or, while an instructor mistake is
 * on, the verdict that mistake predicts (a hardened stage failing is then the demo working).
 */
export function AgreementNote({ expected: expectation, actual }: { expected: Expectation | undefined; actual: CheckStatus | undefined }): ReactNode {
  if (expectation === undefined) return null;
  const { status: expected, mistake } = expectation;
  const agreement = agreementOf(expected, actual);
  if (mistake !== undefined) return <MistakeAgreement expected={expected} mistake={mistake} agreement={agreement} />;
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

function MistakeAgreement({ expected, mistake, agreement }: { expected: CheckStatus; mistake: string; agreement: ReturnType<typeof agreementOf> }): ReactNode {
  if (agreement === 'pending') {
    return (
      <span className="agreement agreement-pending agreement-mistake">
        with &ldquo;{mistake}&rdquo; on, expect {expected}
      </span>
    );
  }
  if (agreement === 'as-expected') {
    return (
      <span className="agreement agreement-ok agreement-mistake" data-testid="mistake-agreement">
        as the mistake predicts ({expected}: &ldquo;{mistake}&rdquo; is on)
      </span>
    );
  }
  return (
    <span className="agreement agreement-off agreement-mistake">
      <span aria-hidden="true">≠ </span>the mistake &ldquo;{mistake}&rdquo; predicts {expected}
    </span>
  );
}
