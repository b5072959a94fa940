import { useState, type ReactNode } from 'react';
import { createInstructorLink } from '../../api/instructor.ts';
import { CopyButton } from './CopyButton.tsx';
import { ActionProblem, useDashboardAction } from './use-dashboard-action.tsx';

/** A fresh one-time instructor link for a second device, shown once. */
export function InstructorLinkButton(): ReactNode {
  const [link, setLink] = useState<string>();
  const { problem, run } = useDashboardAction();

  function create(): Promise<void> {
    return run(async () => setLink(await createInstructorLink()));
  }

  return (
    <div className="instructor-link">
      <button type="button" className="button-quiet" data-testid="new-instructor-link" onClick={() => void create()}>
        New instructor link
      </button>
      {link !== undefined && (
        <p>
          <label>
            Instructor link (works once, shown only now)
            <input type="text" readOnly value={link} data-testid="instructor-link" onFocus={(event) => event.target.select()} />
          </label>{' '}
          <CopyButton text={link} label="Copy" />
          <br />
          <span className="muted">Open it on your other device. Whoever opens it gets the dashboard: do not show it on the projector.</span>
        </p>
      )}
      <ActionProblem problem={problem} />
    </div>
  );
}
