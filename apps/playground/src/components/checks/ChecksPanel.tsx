import type { ReactNode } from 'react';
import type { StageDescription } from '@authlab/contract';
import { describeTally, expectationsOf, tallyReports } from '../../lib/profile.ts';
import { useAttackRunning } from '../../state/lab-activity.ts';
import { activeMistakeTitles, useStageLab } from '../../state/stage-lab.ts';
import { CheckRow } from './CheckRow.tsx';
import { runStages, stopRun, useCheckList, useRunState, type StageRun } from './run-store.ts';
import { GuardedButton } from '../GuardedButton.tsx';

/** " (2 of them because an instructor mistake is on)", when mistakes account for some verdicts. */
function mistakeNote(run: StageRun): string {
  const predicted = run.reports.filter((report) => {
    const expectation = run.expectations?.[report.id];
    return expectation?.mistake !== undefined && expectation.status === report.status;
  }).length;
  return predicted === 0 ? '' : ` (${predicted} of them as an instructor mistake predicts)`;
}

function summaryText(run: StageRun | undefined, total: number, running: boolean): string {
  if (run === undefined) return `${total} checks, not run yet. Each row shows what the lesson expects.`;
  const done = run.reports.length;
  if (running) return `Running checks: ${done}/${total} done.`;
  if (run.phase === 'error') return `The checks could not run: ${run.error ?? 'unknown error'}.`;
  const tally = tallyReports(run.reports);
  const stopped = run.phase === 'stopped' ? `Stopped after ${done}/${total}. ` : '';
  const took = run.durationMs === undefined ? '' : ` Took ${(run.durationMs / 1000).toFixed(1)} s.`;
  return `${stopped}${tally.pass} pass · ${tally.fail} fail · ${tally['n/a']} n/a — ${describeTally(tally)}${mistakeNote(run)}.${took}`;
}

/** Runs all practice checks against this stage and shows each verdict next to the lesson's claim. */
export function ChecksPanel({ stage }: { stage: StageDescription }): ReactNode {
  const checks = useCheckList();
  const { runs, running: runGoing, active, stopping } = useRunState();
  const attackRunning = useAttackRunning();
  const run = runs[stage.id];
  const lab = useStageLab(stage.id);
  const mistakes = activeMistakeTitles(lab);
  // A run keeps what it expected when it started; before one, the stage as it is now.
  const expectations = run?.expectations ?? expectationsOf(lab?.expectedChecks ?? stage.expectedChecks, lab?.lab);
  const running = active.includes(stage.id);
  const busyElsewhere = runGoing && !running;
  const blocked = runGoing || attackRunning;
  const total = checks?.length ?? Object.keys(stage.expectedChecks).length;
  const current = running ? checks?.[run?.reports.length ?? 0] : undefined;

  return (
    <section className="checks-panel" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Practice checks</h2>
      <p>
        Each check probes this stage over HTTP, as an attacker would, and decides pass, fail or n/a (the stage has no such feature). The lesson claims which verdicts to
        expect; the checks prove it.
      </p>
      <p className="notice notice-warn" role="note" data-testid="checks-reset-warning">
        Running the checks resets this stage, at the start and wherever a check needs a fresh one: its users, sessions, lockouts, rate-limit counters and demo clock are wiped.
        Instructor mistakes stay on
        {mistakes.length > 0 ? (
          <>
            {' '}
            (now: <strong>{mistakes.join(', ')}</strong>), so the checks they break are expected to fail.
          </>
        ) : (
          '.'
        )}
      </p>
      <div className="run-controls">
        <GuardedButton
          testId="run-checks"
          blocked={blocked}
          title={attackRunning ? 'Wait for the running attack to finish: both reset the stage' : undefined}
          onPress={() => void runStages([stage])}
        >
          {run === undefined ? 'Run checks' : 'Run checks again'}
        </GuardedButton>
        {running && (
          <button type="button" className="button-quiet" onClick={stopRun} aria-disabled={stopping ? true : undefined}>
            {stopping ? 'Stopping after this check…' : 'Stop'}
          </button>
        )}
        {busyElsewhere && <span className="muted">Checks are running on {active.join(' and ') || 'other stages'}; one run at a time.</span>}
      </div>
      {running && <progress className="run-progress" max={total} value={run?.reports.length ?? 0} aria-label="Checks done" />}
      <p data-testid="checks-summary" className="checks-summary" aria-live="polite">
        {summaryText(run, total, running)}
        {current && <span className="muted"> Now: {current.title}…</span>}
      </p>
      {checks === undefined ? (
        <p className="muted">Loading the checks…</p>
      ) : (
        <ol className="check-list">
          {checks.map((check) => (
            <CheckRow
              key={check.id}
              check={check}
              expected={expectations[check.id]}
              report={run?.reports.find((report) => report.id === check.id)}
              running={current?.id === check.id}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
