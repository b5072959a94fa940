import type { AttackOutcome } from '@authlab/contract';
import type { ReactNode } from 'react';
import { outcomeLook } from '../../lib/attack-view.ts';

export interface OutcomeBadgeProps {
  outcome: AttackOutcome;
  /** `large` for the result of a run, `cell` for the matrix. */
  size: 'large' | 'cell' | 'inline';
  testId?: string;
}

/** An outcome in a colour, a symbol and words: who won is never told by colour alone. */
export function OutcomeBadge({ outcome, size, testId }: OutcomeBadgeProps): ReactNode {
  const look = outcomeLook(outcome);
  return (
    <span className={`outcome outcome-${look.side} outcome-${size}`} data-testid={testId} data-outcome={outcome} title={look.sideWord}>
      <span className="outcome-symbol" aria-hidden="true">
        {look.symbol}
      </span>
      <span className="outcome-word">{size === 'cell' ? look.short : look.word}</span>
      {size === 'large' && <span className="outcome-side">{look.sideWord}</span>}
      {size !== 'large' && <span className="visually-hidden"> ({look.sideWord})</span>}
    </span>
  );
}
