import type { ReactNode } from 'react';
import { changeJoinCode } from '../../api/instructor.ts';
import { CopyButton } from './CopyButton.tsx';
import { ActionProblem, useDashboardAction } from './use-dashboard-action.tsx';

interface JoinCodePanelProps {
  joinCode: string | null;
  classLink: string | null;
  onChanged: () => void;
}

/** The code learners type, big enough to read off a projector, and the instructor's say over it. */
export function JoinCodePanel({ joinCode, classLink, onChanged }: JoinCodePanelProps): ReactNode {
  const { problem, run } = useDashboardAction();

  async function change(action: 'rotate' | 'close'): Promise<void> {
    if (action === 'close' && !window.confirm('Close joining? Nobody new can join until you open it again with a new code.')) return;
    await run(async () => {
      await changeJoinCode(action);
      onChanged();
    });
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
      <ActionProblem problem={problem} />
    </section>
  );
}
