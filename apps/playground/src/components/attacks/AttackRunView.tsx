import { formatDuration } from '@authlab/attacks';
import type { ReactNode } from 'react';
import { outcomeLook } from '../../lib/attack-view.ts';
import { AttackChart } from './AttackChart.tsx';
import { AttackResultView, ExpectedLine } from './AttackResultView.tsx';
import type { AttackRun } from './attack-store.ts';

/** The detailed line under the progress bar: changes with every request, so not announced. */
function detailText(run: AttackRun): string {
  const progress = run.progress;
  if (run.phase === 'running') {
    if (progress === undefined) return 'Reading the stage…';
    if (progress.phase === 'setup') return `Setting up: ${progress.message}`;
    return `${progress.completed}/${progress.total} · ${progress.message}`;
  }
  if (run.phase === 'stopped') return `Stopped after ${run.attempts.length} requests; the chart keeps what they showed.`;
  if (run.phase === 'error') return `The attack could not finish: ${run.error ?? 'unknown error'}`;
  return run.result ? `Finished in ${formatDuration(run.result.durationMs)} after ${run.result.series.attempts.length} requests.` : '';
}

/** What screen readers hear: the phase, progress in quarters, and the outcome. */
function announcement(run: AttackRun, title: string): string {
  const progress = run.progress;
  if (run.phase === 'running') {
    if (progress === undefined || progress.phase === 'setup' || progress.total === 0) return `Running ${title}: setting up.`;
    const quarter = Math.floor((progress.completed / progress.total) * 4) * 25;
    return `Running ${title}: ${Math.min(quarter, 100)}% done.`;
  }
  if (run.phase === 'stopped') return `${title} stopped.`;
  if (run.phase === 'error') return `${title} could not finish.`;
  return run.result ? `${title}: ${outcomeLook(run.result.status).word}. ${run.result.explanation}` : '';
}

/** One run of one attack: live progress and chart while it runs, then the verdict. */
export function AttackRunView({ run, title }: { run: AttackRun; title: string }): ReactNode {
  const progress = run.progress;
  const running = run.phase === 'running';
  return (
    <section className="attack-run" aria-label={`Run: ${title}`} aria-busy={running}>
      {running && (
        <progress
          className="run-progress"
          max={Math.max(1, progress?.total ?? 1)}
          value={progress?.phase === 'attack' ? progress.completed : 0}
          aria-label={`${title}: progress`}
        />
      )}
      <p className="attack-detail" data-testid="attack-status" data-phase={run.phase}>
        {detailText(run)}
      </p>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement(run, title)}
      </p>
      {run.result ? (
        <AttackResultView result={run.result} expected={run.expected}>
          <AttackChart run={run} />
        </AttackResultView>
      ) : (
        <>
          <ExpectedLine expected={run.expected} actual={undefined} />
          <AttackChart run={run} />
        </>
      )}
    </section>
  );
}
