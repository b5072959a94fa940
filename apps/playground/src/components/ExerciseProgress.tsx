/**
 * "Your exercises" in the progress menu: what `npm run challenge` and `npm run mini-project`
 * recorded of the learner's own code. Server data, fetched each time the menu opens and on
 * Refresh; loaded lazily with the menu so the checks package stays out of the first bundle.
 */
import { isCheckId } from '@authlab/contract';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { fetchExerciseProgress } from '../api/client.ts';
import type { ExerciseProgress as ExerciseProgressData, ExerciseRecord } from '@authlab/contract';
import { EXERCISE_TITLES, exerciseLine, summariseExercises, type ExerciseSummary } from '../lib/exercise-progress.ts';
import { loadChecks } from './checks/run-store.ts';

type Load = { phase: 'loading' } | { phase: 'ready'; progress: ExerciseProgressData } | { phase: 'error'; message: string };
type TitleOf = (id: string) => string | undefined;

const EXERCISES = Object.keys(EXERCISE_TITLES) as ExerciseRecord['exercise'][];

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function ExerciseItem({ summary }: { summary: ExerciseSummary }): ReactNode {
  return (
    <li data-testid="exercise-progress-item" data-exercise={summary.exercise}>
      <strong>{EXERCISE_TITLES[summary.exercise]}</strong>: {exerciseLine(summary)}
      <span className="muted exercise-progress-when">
        Last run <time dateTime={summary.lastRunAt}>{formatTime(summary.lastRunAt)}</time> ({summary.runs} run{summary.runs === 1 ? '' : 's'})
      </span>
      {summary.fixed.length === 0 ? (
        <span className="muted exercise-progress-when">No check turned from fail to pass yet.</span>
      ) : (
        <>
          <span className="exercise-progress-when">You turned from fail to pass:</span>
          <ul className="exercise-progress-fixed" data-testid="exercise-progress-fixed">
            {summary.fixed.map((check) => (
              <li key={check.id}>
                {check.title}
                {check.failsAgain && <span className="progress-error"> (fails again now)</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

function NotRunYet({ exercise }: { exercise: ExerciseRecord['exercise'] }): ReactNode {
  return (
    <li data-testid="exercise-progress-item" data-exercise={exercise}>
      <strong>{EXERCISE_TITLES[exercise]}</strong>: not run yet. Edit <code>lessons/{exercise}/starter/app.ts</code>, then run <code>npm run {exercise}</code>.
    </li>
  );
}

export function ExerciseProgress(): ReactNode {
  const headingId = useId();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [titleOf, setTitleOf] = useState<TitleOf>();
  // Only the latest request may answer: an older one arriving late must not overwrite it.
  const latest = useRef(0);

  const refresh = useCallback((): void => {
    const request = ++latest.current;
    setLoad({ phase: 'loading' });
    fetchExerciseProgress().then(
      (progress) => request === latest.current && setLoad({ phase: 'ready', progress }),
      (error: unknown) => request === latest.current && setLoad({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  // eslint-disable-next-line react-hooks/set-state-in-effect -- the progress lives on the server: fetch it on mount
  useEffect(refresh, [refresh]);
  useEffect(() => {
    let mounted = true;
    loadChecks().then(
      ({ getCheck }) => mounted && setTitleOf(() => (id: string) => (isCheckId(id) ? getCheck(id).title : undefined)),
      () => undefined, // without titles the ids are shown
    );
    return () => {
      mounted = false;
    };
  }, []);

  const summaries = load.phase === 'ready' ? summariseExercises(load.progress, titleOf) : [];
  return (
    <section className="exercise-progress" aria-labelledby={headingId} data-testid="exercise-progress">
      <div className="exercise-progress-head">
        <h2 id={headingId}>Your exercises</h2>
        {/* aria-disabled, not disabled: a disabled button would drop keyboard focus while it loads. */}
        <button
          type="button"
          className="button-quiet"
          data-testid="exercise-progress-refresh"
          aria-disabled={load.phase === 'loading' ? true : undefined}
          onClick={() => load.phase !== 'loading' && refresh()}
        >
          Refresh
        </button>
      </div>
      <div aria-live="polite" aria-busy={load.phase === 'loading'}>
        {load.phase === 'loading' && <p className="muted">Loading your exercise runs…</p>}
        {load.phase === 'error' && <p className="progress-error">Could not load your exercise runs: {load.message}</p>}
        {load.phase === 'ready' && (
          <ul className="exercise-progress-list">
            {EXERCISES.map((exercise) => {
              const summary = summaries.find((entry) => entry.exercise === exercise);
              return summary === undefined ? <NotRunYet key={exercise} exercise={exercise} /> : <ExerciseItem key={exercise} summary={summary} />;
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
