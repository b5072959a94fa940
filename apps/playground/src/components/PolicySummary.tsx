import type { ReactNode } from 'react';
import type { StagePolicy } from '@authlab/contract';
import { policyChips } from '../lib/policy-summary.ts';

/** The stage's numbers as the server states them, as chips. */
export function PolicySummary({ policy }: { policy: StagePolicy }): ReactNode {
  return (
    <ul className="policy" aria-label="Stage policy">
      {policyChips(policy).map((chip) => (
        <li key={chip}>{chip}</li>
      ))}
    </ul>
  );
}
