import type { ReactNode } from 'react';
import type { MatrixCell as Cell } from '../../lib/profile.ts';
import { VerdictBadge, type DisplayStatus } from './Verdict.tsx';

/** One check on one stage: the claim, greyed, until the check has run; then the verdict and whether it matches. */
export function MatrixCell({ cell, running }: { cell: Cell; running: boolean }): ReactNode {
  const status: DisplayStatus = cell.actual ?? (running ? 'running' : 'pending');
  return (
    <td
      className={`matrix-cell matrix-cell-${cell.agreement}`}
      data-testid="matrix-cell"
      data-stage={cell.stage}
      data-check-id={cell.check}
      data-status={status}
      data-expected={cell.expected}
      data-mistake={cell.mistake}
    >
      {cell.actual === undefined ? (
        <>
          {running ? (
            <VerdictBadge status="running" />
          ) : (
            <span className="cell-claim" title="What the lesson claims; not run yet">
              {cell.expected}
            </span>
          )}
          <span className="visually-hidden">
            {cell.mistake === undefined ? `, the lesson expects ${cell.expected}` : `, with “${cell.mistake}” on, expect ${cell.expected}`}
          </span>
        </>
      ) : (
        <>
          <VerdictBadge status={cell.actual} />
          {cell.agreement === 'as-expected' ? (
            cell.mistake === undefined ? (
              <span className="cell-match" title="As the lesson claims">
                <span aria-hidden="true"> =</span>
                <span className="visually-hidden">, as the lesson claims</span>
              </span>
            ) : (
              <span className="cell-match" title={`As the mistake predicts: “${cell.mistake}” is on`}>
                <span aria-hidden="true"> = ⚠</span>
                <span className="visually-hidden">, as the mistake predicts: “{cell.mistake}” is on</span>
              </span>
            )
          ) : (
            <span className="cell-mismatch">
              <span aria-hidden="true"> ≠ {cell.expected}</span>
              <span className="visually-hidden">
                {cell.mistake === undefined ? `, but the lesson claims ${cell.expected}` : `, but the mistake “${cell.mistake}” predicts ${cell.expected}`}
              </span>
            </span>
          )}
        </>
      )}
    </td>
  );
}
