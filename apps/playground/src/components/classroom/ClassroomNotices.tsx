import { useState, type ReactNode } from 'react';
import { findPage } from '../../content/course.ts';

interface ClassroomNoticesProps {
  /** The page on screen, or undefined on a classroom page (join, resume, instructor). */
  current: string | undefined;
  joined: boolean;
  joinOpen: boolean;
  /** This browser holds the instructor's session. */
  instructor: boolean;
  /** The stage the instructor asks everyone to look at. */
  follow: string | null;
  /** Stage titles as the lab names them, once loaded. */
  stageTitle: (id: string) => string | undefined;
}

/**
 * What a classroom adds above every lesson page: how to join when this browser has no workspace
 * yet (the lesson text stays readable; only the stages would refuse), and the instructor's
 * "follow me" banner once joined.
 */
export function ClassroomNotices({ current, joined, joinOpen, instructor, follow, stageTitle }: ClassroomNoticesProps): ReactNode {
  if (current === undefined) return null;
  if (!joined && instructor) {
    return (
      <p className="notice classroom-notice" role="note" data-testid="join-notice">
        You are the instructor here (<a href="#/instructor">dashboard</a>). To send requests to the stages yourself, <a href="#/join">join the class</a> too.
      </p>
    );
  }
  if (!joined) {
    return (
      <p className="notice notice-warn classroom-notice" role="note" data-testid="join-notice">
        {joinOpen ? (
          <>
            You have not joined this class yet, so the stages will not answer your requests. <a href="#/join">Join the class</a> to get a workspace of your own.
          </>
        ) : (
          'You have not joined this class, and joining is closed for now: you can read the lessons, but the stages will not answer you. Ask your instructor.'
        )}
      </p>
    );
  }
  return <FollowBanner current={current} follow={follow} stageTitle={stageTitle} />;
}

function FollowBanner({ current, follow, stageTitle }: Pick<ClassroomNoticesProps, 'follow' | 'stageTitle'> & { current: string }): ReactNode {
  // Dismissed for this stage only: a new "follow me" shows again.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const show = follow !== null && follow !== current && follow !== dismissed;
  const title = follow === null ? '' : (stageTitle(follow) ?? findPage(follow)?.title ?? follow);
  // The live region stays in the page, so a screen reader hears the banner when it appears.
  return (
    <div className="follow-region" role="status" aria-live="polite">
      {show && (
        <p className="follow-banner" data-testid="follow-banner">
          <span>
            Your instructor is on <strong>{title}</strong>.
          </span>{' '}
          <a href={`#/${follow}`}>Go there</a>
          <button type="button" className="button-quiet button-small" onClick={() => setDismissed(follow)}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
