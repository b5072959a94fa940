import type { ReactNode } from 'react';
import { ClassroomError, type StreamState } from '../../api/classroom.ts';
import { exportURL } from '../../api/instructor.ts';
import { FollowControl } from './FollowControl.tsx';
import { InstructorLinkButton } from './InstructorLinkButton.tsx';
import { JoinCodePanel } from './JoinCodePanel.tsx';
import { LearnerTable } from './LearnerTable.tsx';
import { useClass } from './use-class.ts';

const STREAM_TEXT: Record<StreamState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: the table updates by itself.',
  reconnecting: 'Connection lost; reconnecting…',
  closed: 'Live updates stopped. Reload the page to see the class as it is now.',
};

/** The class at a glance: join code, follow-me, export, and learners × stages, kept live. */
export function ClassDashboard({ signInHelp }: { signInHelp: ReactNode }): ReactNode {
  const { snapshot, error, stream, refresh } = useClass();
  if (error !== undefined) {
    if (error instanceof ClassroomError && (error.status === 401 || error.status === 403)) return signInHelp;
    return (
      <p role="alert" className="progress-error">
        Could not read the class: {error.message}
      </p>
    );
  }
  if (snapshot === undefined) return <p className="muted">Loading the class…</p>;
  return (
    <>
      <p className={`stream-state stream-${stream}`} role="status" data-testid="stream-state">
        {STREAM_TEXT[stream]}
      </p>
      <div className="dashboard-controls">
        <JoinCodePanel joinCode={snapshot.joinCode} classLink={snapshot.classLink} onChanged={refresh} />
        <FollowControl follow={snapshot.follow} onChanged={refresh} />
        <section className="dashboard-box" aria-labelledby="export-heading">
          <h2 id="export-heading">Export and devices</h2>
          <p className="progress-actions">
            <a className="button button-quiet" href={exportURL('csv')} download data-testid="export-csv">
              Export CSV
            </a>
            <a className="button button-quiet" href={exportURL('json')} download data-testid="export-json">
              Export JSON
            </a>
          </p>
          <InstructorLinkButton />
        </section>
      </div>
      <LearnerTable learners={snapshot.learners} idleDeleteHours={snapshot.idleDeleteHours} onChanged={refresh} />
    </>
  );
}
