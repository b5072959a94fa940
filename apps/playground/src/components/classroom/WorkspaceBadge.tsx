import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { createResumeLink } from '../../api/classroom.ts';
import { useDismiss } from '../use-dismiss.ts';

interface WorkspaceBadgeProps {
  learner: { displayName: string; deletesAfterIdleAt: string };
  idleDeleteHours: number;
}

function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Header disclosure in a classroom: whose workspace this is, its resume link, and when it goes away. */
export function WorkspaceBadge({ learner, idleDeleteHours }: WorkspaceBadgeProps): ReactNode {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<string>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = useCallback(() => setOpen(false), []);
  useDismiss({ open, close, wrapper, toggle });

  async function copyResumeLink(): Promise<void> {
    setMessage(undefined);
    try {
      const fresh = await createResumeLink();
      setLink(fresh);
      await navigator.clipboard.writeText(fresh);
      setMessage({ kind: 'ok', text: 'Copied. Open it in the other browser.' });
    } catch (caught) {
      // The link is shown either way; only the clipboard may have refused.
      setMessage({ kind: 'error', text: caught instanceof Error ? `Could not copy: ${caught.message}` : 'Could not copy.' });
    }
  }

  return (
    <div className="progress-menu workspace-badge" ref={wrapper}>
      <button
        ref={toggle}
        type="button"
        className="button-quiet"
        data-testid="workspace-badge"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        {learner.displayName}&rsquo;s workspace <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id={panelId} className="progress-panel" hidden={!open}>
        <p>Your own copy of the six stages: your classmates cannot see its users or runs. Your instructor sees your check and quiz scores and can reset it.</p>
        <p className="muted progress-note">
          Deleted with everything in it after {idleDeleteHours} h without use: on {formatDateTime(learner.deletesAfterIdleAt)} unless you come back before.
        </p>
        <div className="progress-actions">
          <button type="button" data-testid="copy-resume-link" onClick={() => void copyResumeLink()}>
            Copy resume link
          </button>
        </div>
        <p className="muted progress-note">Opens this workspace in another browser. Anyone who has the link gets your workspace, so keep it to yourself.</p>
        {link !== undefined && (
          <label className="resume-link">
            Resume link
            <input type="text" readOnly value={link} data-testid="resume-link" onFocus={(event) => event.target.select()} />
          </label>
        )}
        {message && (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'progress-error' : 'progress-ok'}>
            {message.text}
          </p>
        )}
      </div>
    </div>
  );
}
