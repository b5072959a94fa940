import type { AttackProgress, MatrixCell } from '@authlab/attacks';
import type { AttackId, AttackOutcome } from '@authlab/contract';
import type { ReactNode } from 'react';
import { agreementOf, outcomeLook } from '../../lib/attack-view.ts';
import { OutcomeBadge } from './OutcomeBadge.tsx';

export interface AttackMatrixCellProps {
  stage: string;
  attack: AttackId;
  /** The finished run, once there is one. */
  cell: MatrixCell | undefined;
  /** What the stage claims, shown greyed until the attack has run. */
  claimed: AttackOutcome | undefined;
  /** Set while this very cell runs. */
  progress: AttackProgress | undefined;
  running: boolean;
}

function Pending({ claimed, running, progress }: Pick<AttackMatrixCellProps, 'claimed' | 'running' | 'progress'>): ReactNode {
  if (running) {
    const done = progress?.phase === 'attack' ? progress.completed : 0;
    return (
      <>
        <span className="matrix-running">running…</span>
        <progress className="matrix-cell-progress" max={Math.max(1, progress?.total ?? 1)} value={done} aria-label="progress of this attack" />
      </>
    );
  }
  if (claimed === undefined) return <span className="muted">–</span>;
  return (
    <span className="cell-claim" title="What the stage claims; not run yet">
      {outcomeLook(claimed).short}
      <span className="visually-hidden">, expected, not run yet</span>
    </span>
  );
}

/** One attack on one stage: the outcome over its measured figure, and how it compares with the claim. */
export function AttackMatrixCell({ stage, attack, cell, claimed, progress, running }: AttackMatrixCellProps): ReactNode {
  const agreement = agreementOf(cell);
  const outcome = cell?.result?.status;
  const expected = cell?.expected ?? claimed;
  return (
    <td
      className={`attack-cell attack-cell-${agreement} attack-side-${outcome === undefined ? 'none' : outcomeLook(outcome).side}`}
      data-testid="attack-matrix-cell"
      data-stage={stage}
      data-attack={attack}
      data-outcome={outcome ?? (cell?.error ? 'error' : running ? 'running' : '')}
      data-expected={expected ?? ''}
      aria-busy={running}
    >
      {cell === undefined ? (
        <Pending claimed={claimed} running={running} progress={progress} />
      ) : (
        <>
          {outcome === undefined ? <span className="cell-mismatch">error</span> : <OutcomeBadge outcome={outcome} size="cell" />}
          {cell.result?.figure !== 'n/a' && (
            <span className="attack-cell-figure" title={cell.error ?? cell.result?.explanation}>
              {cell.error ?? cell.result?.figure}
            </span>
          )}
          {agreement === 'unexpected' && expected !== undefined && (
            <span className="cell-mismatch attack-cell-expected">≠ expected {outcomeLook(expected).word.toLowerCase()}</span>
          )}
          {agreement === 'as-expected' && <span className="visually-hidden">, as expected</span>}
        </>
      )}
    </td>
  );
}
