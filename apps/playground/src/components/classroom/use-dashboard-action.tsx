import { useState, type ReactNode } from 'react';

/**
 * One instructor action at a time on the dashboard: clears the last problem, runs the action, and
 * keeps the lab's refusal to show next to the control that caused it.
 */
export function useDashboardAction(): { problem: string | undefined; run: (action: () => Promise<void>) => Promise<void> } {
  const [problem, setProblem] = useState<string>();
  async function run(action: () => Promise<void>): Promise<void> {
    setProblem(undefined);
    try {
      await action();
    } catch (caught) {
      setProblem(caught instanceof Error ? caught.message : String(caught));
    }
  }
  return { problem, run };
}

/** The refusal of the last action, announced to screen readers; nothing while there is none. */
export function ActionProblem({ problem }: { problem: string | undefined }): ReactNode {
  return (
    problem !== undefined && (
      <p role="alert" className="progress-error">
        {problem}
      </p>
    )
  );
}
