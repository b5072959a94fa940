import type { ReactNode } from 'react';
import { answerResumeSwitch, useHandoff } from '../../state/classroom.ts';

/**
 * Where a resume link lands. The token is already out of the address bar (state/classroom.ts);
 * this page says how binding it to this browser went.
 */
export function ResumePage({ joinedAs }: { joinedAs: string | undefined }): ReactNode {
  const handoff = useHandoff('resume');
  return (
    <section className="classroom-page" aria-labelledby="resume-heading">
      <h1 id="resume-heading">Open your workspace here</h1>
      <div role="status" data-testid="resume-status">
        {handoff === undefined && <p>In the browser where you joined, copy your resume link (the menu under your name, at the top), then open that link in this browser.</p>}
        {handoff?.phase === 'pending' && <p>Opening your workspace…</p>}
        {handoff?.phase === 'done' && (
          <p>
            Your workspace is open in this browser{joinedAs === undefined ? '' : `, ${joinedAs}`}. <a href="#/intro">Go on with the lessons</a>.
          </p>
        )}
      </div>
      {handoff?.phase === 'confirm' && (
        <div className="notice notice-warn" role="alert" data-testid="resume-confirm">
          <p>{handoff.message}</p>
          <p>A link someone else sent you would put your work in their workspace, where they can read every password you type.</p>
          <p className="progress-actions">
            <button type="button" onClick={() => answerResumeSwitch({ switchWorkspace: true })}>
              It is mine: open it here
            </button>
            <button type="button" className="button-quiet" onClick={() => answerResumeSwitch({ switchWorkspace: false })}>
              {joinedAs === undefined ? 'Do not open it' : 'Keep this browser’s workspace'}
            </button>
          </p>
        </div>
      )}
      {handoff?.phase === 'declined' && (
        <p role="status">
          The link was not used. <a href="#/intro">Go on with the lessons</a>.
        </p>
      )}
      {handoff?.phase === 'failed' && (
        <p role="alert" className="progress-error">
          That resume link did not work ({handoff.error.message}). Copy a fresh one in the browser where you joined, or <a href="#/join">join again</a>.
        </p>
      )}
    </section>
  );
}
