import { Suspense, lazy, useCallback, useEffect, useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { PAGES, type QuizQuestion } from '../content/course.ts';
import { useClassroomStatus } from '../state/classroom.ts';
import { parseProgress, resetProgress, useProgress, writeProgress, type Progress } from '../state/progress.ts';
import { loadAllQuizzes } from './quiz/quizzes.ts';
import { scoreAllQuizzes } from './quiz/score.ts';
import { useDismiss } from './use-dismiss.ts';

const LESSONS = PAGES.filter((page) => page.kind !== 'matrix' && page.kind !== 'tool');
// With the checks package it names checks by, loaded when the menu first opens.
const ExerciseProgress = lazy(() => import('./ExerciseProgress.tsx').then((module) => ({ default: module.ExerciseProgress })));

function downloadJSON(progress: Progress): void {
  const blob = new Blob([`${JSON.stringify(progress, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `authlab-progress-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Header disclosure: what this browser remembers, and export / import / reset of it. */
export function ProgressMenu(): ReactNode {
  const [progress] = useProgress();
  const inClassroom = useClassroomStatus()?.mode === 'classroom';
  const [open, setOpen] = useState(false);
  const [quizzes, setQuizzes] = useState<Record<string, QuizQuestion[]>>();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const panelId = useId();

  const close = useCallback(() => setOpen(false), []);
  useDismiss({ open, close, wrapper, toggle });
  useEffect(() => {
    if (open) void loadAllQuizzes().then(setQuizzes, () => undefined);
  }, [open]);

  const read = LESSONS.filter((page) => progress.lessonsRead.includes(page.id)).length;
  const quiz = quizzes === undefined ? undefined : scoreAllQuizzes(quizzes, progress.quizAnswers);
  // What the learner did: lessons read to their last line, and quiz answers that were right. The
  // practice checks on the lab's own stages are not progress: an insecure stage passes some anyway.
  const summary = `Progress: ${read}/${LESSONS.length} lessons read to the end · quiz ${quiz === undefined ? '…' : `${quiz.correct}/${quiz.total} right`}`;

  async function importFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be chosen again after a fix
    if (file === undefined) return;
    try {
      const imported = parseProgress(await file.text());
      writeProgress(imported);
      setMessage({
        kind: 'ok',
        text: `Imported ${file.name}: ${plural(imported.lessonsRead.length, 'lesson')} read, ${plural(
          Object.values(imported.quizAnswers).reduce((sum, answers) => sum + Object.keys(answers).length, 0),
          'quiz answer',
        )}.`,
      });
    } catch (caught) {
      setMessage({ kind: 'error', text: `Could not import ${file.name}: ${caught instanceof Error ? caught.message : String(caught)}` });
    }
  }

  function reset(): void {
    if (!window.confirm('Reset your progress in this browser? Lessons read and quiz answers are cleared.')) return;
    resetProgress();
    setMessage({ kind: 'ok', text: 'Progress reset.' });
  }

  return (
    <div className="progress-menu" ref={wrapper}>
      <button
        ref={toggle}
        type="button"
        className="button-quiet"
        data-testid="progress-menu"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Progress {read}/{LESSONS.length} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id={panelId} className="progress-panel" hidden={!open}>
        <p data-testid="progress-summary" aria-live="polite">
          {summary}
        </p>
        <div className="progress-actions">
          <button type="button" data-testid="progress-export" onClick={() => downloadJSON(progress)}>
            Export JSON
          </button>
          <button type="button" className="button-quiet" onClick={() => fileInput.current?.click()}>
            Import…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            data-testid="progress-import"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Import progress from a JSON file"
            onChange={(event) => void importFile(event)}
          />
          <button type="button" className="button-quiet button-danger" data-testid="progress-reset" onClick={reset}>
            Reset
          </button>
        </div>
        {message && (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'progress-error' : 'progress-ok'}>
            {message.text}
          </p>
        )}
        <p className="muted progress-note">Kept in this browser only. Export to move it to another machine.</p>
        {inClassroom ? (
          <p className="muted progress-note">
            Your exercise runs (<code>npm run challenge</code>) happen on your own machine: a class’s shared server does not see them.
          </p>
        ) : (
          <>
            {/* Mounted only while open: each opening fetches the runs afresh. */}
            {open && (
              <Suspense fallback={<p className="muted">Loading your exercise runs…</p>}>
                <ExerciseProgress />
              </Suspense>
            )}
            <p className="muted progress-note">Your exercise runs are kept by the lab server, not in this browser, so they are not part of the export.</p>
          </>
        )}
      </div>
    </div>
  );
}
