import { useState, type ReactNode } from 'react';
import { changeJoinCode } from '../../api/instructor.ts';
import { CopyButton } from './CopyButton.tsx';

interface JoinCodePanelProps {
  joinCode: string | null;
  classLink: string | null;
  onChanged: () => void;
}

/** The code learners type, big enough to read off a projector, and the instructor's say over it. */
export function JoinCodePanel({ joinCode, classLink, onChanged }: JoinCodePanelProps): ReactNode {
  const [problem, setProblem] = useState<string>();

  async function change(action: 'rotate' | 'close'): Promise<void> {
    if (action === 'close' && !window.confirm('Close joining? Nobody new can join until you open it again with a new code.')) return;
    setProblem(undefined);
    try {
      await changeJoinCode(action);
      onChanged();
    } catch (caught) {
      setProblem(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <section className="dashboard-box" aria-labelledby="join-code-heading">
      <h2 id="join-code-heading">Join code</h2>
      {joinCode === null ? (
        <p data-testid="join-closed">Joining is closed.</p>
      ) : (
        <>
          <p className="join-code" data-testid="join-code">
            {joinCode}
          </p>
          {classLink !== null && (
            <p className="class-link">
              <span data-testid="class-link">{classLink}</span> <CopyButton text={classLink} label="Copy class link" />
            </p>
          )}
        </>
      )}
      <p className="progress-actions">
        <button type="button" className="button-quiet" onClick={() => void change('rotate')}>
          {joinCode === null ? 'Open with a new code' : 'New code'}
        </button>
        {joinCode !== null && (
          <button type="button" className="button-quiet button-danger" onClick={() => void change('close')}>
            Close joining
          </button>
        )}
      </p>
      {problem !== undefined && (
        <p role="alert" className="progress-error">
          {problem}
        </p>
      )}
    </section>
  );
}
