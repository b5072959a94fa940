import { useState, type ReactNode } from 'react';
import { createInstructorLink } from '../../api/instructor.ts';
import { CopyButton } from './CopyButton.tsx';

/** A fresh one-time instructor link for a second device, shown once. */
export function InstructorLinkButton(): ReactNode {
  const [link, setLink] = useState<string>();
  const [problem, setProblem] = useState<string>();

  async function create(): Promise<void> {
    setProblem(undefined);
    try {
      setLink(await createInstructorLink());
    } catch (caught) {
      setProblem(caught instanceof Error ? caught.message : String(caught));
    }
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
      {problem !== undefined && (
        <p role="alert" className="progress-error">
          {problem}
        </p>
      )}
    </div>
  );
}
