import type { ReactNode } from 'react';
import { ClassroomError } from '../../api/classroom.ts';
import { useHandoff } from '../../state/classroom.ts';
import { ClassDashboard } from './ClassDashboard.tsx';

/** How to get in when this browser has no instructor session (or its link was spent). */
function SignInHelp({ spent }: { spent: boolean }): ReactNode {
  return (
    <>
      <p role="alert" className="progress-error" data-testid="instructor-problem">
        {spent ? 'This instructor link was already used, or it is not this class’s: each link opens the dashboard once.' : 'This browser is not signed in as the instructor.'}
      </p>
      <p>
        To get a fresh link, restart the lesson server (it prints one), or press <strong>New instructor link</strong> on a dashboard that is already open on another device.
      </p>
    </>
  );
}

/** `#/instructor`: signs in with the link's secret if one came, then shows the class. */
export function InstructorPage(): ReactNode {
  const handoff = useHandoff('instructor');
  let body: ReactNode;
  if (handoff?.phase === 'pending') body = <p className="muted">Signing in…</p>;
  else if (handoff?.phase === 'failed') {
    const { error } = handoff;
    body =
      error instanceof ClassroomError && error.status === 401 ? (
        <SignInHelp spent />
      ) : (
        <p role="alert" className="progress-error">
          Could not sign in: {error.message}
        </p>
      );
  } else body = <ClassDashboard signInHelp={<SignInHelp spent={false} />} />;
  return (
    <section className="classroom-page instructor-page" aria-labelledby="instructor-heading">
      <h1 id="instructor-heading">Instructor dashboard</h1>
      {body}
    </section>
  );
}
