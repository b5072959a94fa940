import { useRef, type ReactNode } from 'react';
import type { StageDescription } from '@authlab/contract';
import { buildMatrix, describeTally, expectationsOf, tallyMatrix, type MatrixRow } from '../../lib/profile.ts';
import { useAttackRunning } from '../../state/lab-activity.ts';
import { useStageLabs } from '../../state/stage-lab.ts';
import { useFocusHandoff } from '../use-focus-handoff.ts';
import { MatrixCell } from './MatrixCell.tsx';
import { runStages, stopRun, useCheckList, useRunState, type RunState } from './run-store.ts';
import { GuardedButton } from '../GuardedButton.tsx';

function columnStatus(stage: StageDescription, rows: readonly MatrixRow[], state: RunState): string {
  const run = state.runs[stage.id];
  const tally = tallyMatrix(rows, { stage: stage.id });
  if (state.active.includes(stage.id)) return `running ${tally.ran}/${tally.total}`;
  if (state.queued.includes(stage.id)) return 'waiting';
  if (run === undefined) return 'not run';
  if (run.phase === 'error') return 'could not run';
  const stopped = run.phase === 'stopped' ? 'stopped · ' : '';
  const took = run.durationMs === undefined ? '' : ` · ${(run.durationMs / 1000).toFixed(1)} s`;
  return `${stopped}${tally.asExpected}/${tally.total} as expected${took}`;
}

function Legend(): ReactNode {
  return (
    <ul className="matrix-legend" aria-label="Legend">
      <li>
        <span className="verdict verdict-pass">✓ pass</span> the stage defends against it
      </li>
      <li>
        <span className="verdict verdict-fail">✗ fail</span> the mistake is there
      </li>
      <li>
        <span className="verdict verdict-na">– n/a</span> the stage has no such feature
      </li>
      <li>
        <span className="cell-claim">fail</span> greyed: what the lesson claims, not run yet
      </li>
      <li>
        <span className="cell-match">=</span> as the lesson claims (or, marked ⚠, as an instructor mistake predicts) · <span className="cell-mismatch">≠ pass</span> differs
        from the lesson
      </li>
    </ul>
  );
}

/** The score board: every check against every stage, next to what each lesson claims. */
export function MatrixView({ stages }: { stages: readonly StageDescription[] }): ReactNode {
  const checks = useCheckList();
  const state = useRunState();
  const attackRunning = useAttackRunning();
  const labs = useStageLabs(stages.map((stage) => stage.id));
  const results = Object.fromEntries(stages.map((stage) => [stage.id, state.runs[stage.id]?.reports]));
  // A run keeps what it expected when it started; a stage not run yet is expected as it is now, mistakes included.
  const profiles = stages.map((stage) => {
    const lab = labs[stage.id];
    const expectations = state.runs[stage.id]?.expectations ?? expectationsOf(lab?.expectedChecks ?? stage.expectedChecks, lab?.lab);
    return { ...stage, expectations };
  });
  const rows = checks === undefined ? [] : buildMatrix(checks, profiles, results);
  const tally = tallyMatrix(rows);
  const running = state.running;
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  useFocusHandoff(running, runButton, stopButton);
  // The check each running stage is on now.
  const runningCheck = (stage: string): string | undefined => checks?.[state.runs[stage]?.reports.length ?? 0]?.id;
  const inFlight = stages.filter((stage) => state.active.includes(stage.id));
  const done = stages.filter((stage) => !state.active.includes(stage.id) && !state.queued.includes(stage.id)).length;

  return (
    <section className="matrix-view" aria-labelledby="matrix-heading">
      <h1 id="matrix-heading">Score board</h1>
      <p>
        Every practice check against every stage. Before a run, each cell shows, greyed, what that stage&rsquo;s lesson claims; running the checks proves it. Two stages run
        side by side; the slow hashes are slow on purpose.
      </p>
      <p className="notice notice-warn" role="note">
        Running the checks resets each stage it touches, at the start and wherever a check needs a fresh one: users, sessions, lockouts, rate-limit counters and the demo clock
        there are wiped. Instructor mistakes stay on, and the checks they break are expected to fail.
      </p>
      <div className="run-controls">
        <GuardedButton ref={runButton} testId="matrix-run-all" blocked={running || attackRunning} onPress={() => void runStages(stages)}>
          Run all stages
        </GuardedButton>
        {running && (
          <button ref={stopButton} type="button" className="button-quiet" onClick={stopRun} aria-disabled={state.stopping ? true : undefined}>
            {state.stopping ? 'Stopping after the checks in flight…' : 'Stop'}
          </button>
        )}
        <span className="muted">
          {running
            ? `${done}/${stages.length} stages done · running ${inFlight.map((stage) => `stage ${stage.order} (check ${Math.min((state.runs[stage.id]?.reports.length ?? 0) + 1, rows.length)}/${rows.length})`).join(' and ') || '…'}`
            : ''}
        </span>
      </div>
      <p data-testid="matrix-summary" className="matrix-summary" aria-live="polite">
        {checks === undefined ? 'Loading the checks…' : describeTally(tally)}
      </p>
      {/* Its own name: the page's section already carries the heading's, and landmarks must differ. */}
      <div className="matrix-scroll" role="region" aria-label="Score board table" tabIndex={0}>
        <table data-testid="matrix" className="matrix">
          <caption className="visually-hidden">Practice checks (rows) against stages (columns)</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              {stages.map((stage) => (
                <th scope="col" key={stage.id}>
                  <span className="matrix-stage">
                    {stage.order} · {stage.title}
                  </span>
                  <span className="matrix-column-status" data-duration-ms={state.runs[stage.id]?.durationMs?.toFixed(0)}>
                    {columnStatus(stage, rows, state)}
                  </span>
                  <button
                    type="button"
                    className="button-quiet button-small"
                    aria-disabled={running || attackRunning ? true : undefined}
                    aria-label={`Run the checks on stage ${stage.order}: ${stage.title}`}
                    onClick={() => {
                      if (!running && !attackRunning) void runStages([stage]);
                    }}
                  >
                    Run
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.check.id}>
                <th scope="row">{row.check.title}</th>
                {row.cells.map((cell) => (
                  <MatrixCell key={cell.stage} cell={cell} running={state.active.includes(cell.stage) && cell.check === runningCheck(cell.stage)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend />
    </section>
  );
}
