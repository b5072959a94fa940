import { ATTACKS, formatDuration, type MatrixCell } from '@authlab/attacks';
import { useRef, type ReactNode } from 'react';
import type { StageDescription } from '@authlab/contract';
import { agreementOf, describeAttackMatrix, tallyAttackMatrix } from '../../lib/attack-view.ts';
import { useStageLabs } from '../../state/stage-lab.ts';
import { useRunState } from '../checks/run-store.ts';
import { useFocusHandoff } from '../use-focus-handoff.ts';
import { AttackMatrixCell } from './AttackMatrixCell.tsx';
import { runAllAttacks, stopAttacks, useAttackLab, type MatrixRun } from './attack-store.ts';
import { OutcomeBadge } from './OutcomeBadge.tsx';
import { StopButton } from '../StopButton.tsx';
import { GuardedButton } from '../GuardedButton.tsx';

function findCell(cells: readonly MatrixCell[], stage: string, attack: string): MatrixCell | undefined {
  return cells.find((cell) => cell.stage === stage && cell.attack === attack);
}

function columnStatus(stage: string, matrix: MatrixRun | undefined): string {
  const cells = matrix?.cells.filter((cell) => cell.stage === stage) ?? [];
  if (matrix?.running.some((cell) => cell.stage === stage)) return `running ${cells.length + 1}/${ATTACKS.length}`;
  if (cells.length === 0) return matrix?.phase === 'running' ? 'waiting' : 'not run';
  const matching = cells.filter((cell) => agreementOf(cell) === 'as-expected').length;
  // Between the two phases a stage has its busy attacks done and its machine-timed ones to come.
  const toCome = matrix?.phase === 'running' && cells.length < ATTACKS.length ? ` · ${ATTACKS.length - cells.length} to come` : '';
  return `${matching}/${cells.length} as expected${toCome}`;
}

function Legend(): ReactNode {
  return (
    <ul className="matrix-legend" aria-label="Legend">
      <li>
        <OutcomeBadge outcome="cracked" size="inline" /> the attacker got in or read a secret
      </li>
      <li>
        <OutcomeBadge outcome="slowed" size="inline" /> only slowed down by an expensive hash
      </li>
      <li>
        <OutcomeBadge outcome="refused" size="inline" /> the defence held (also locked out, rate-limited)
      </li>
      <li>
        <span className="cell-claim">greyed</span> what the stage claims, not run yet · <span className="cell-mismatch">≠</span> differs from the claim
      </li>
    </ul>
  );
}

/** The replay matrix: every attack on every stage, one slide that sums up the course. */
export function AttackMatrixView({ stages }: { stages: readonly StageDescription[] }): ReactNode {
  const { matrix, busy, stopping } = useAttackLab();
  const { running: checksRunning, active: checksOn } = useRunState();
  const labs = useStageLabs(stages.map((stage) => stage.id));
  const running = matrix?.phase === 'running';
  const cells = matrix?.cells ?? [];
  const total = stages.length * ATTACKS.length;
  const tally = tallyAttackMatrix(cells, total);
  const runningCells = matrix?.running ?? [];
  const now = runningCells.flatMap((cell) => {
    const stage = stages.find((entry) => entry.id === cell.stage);
    const attack = ATTACKS.find((entry) => entry.id === cell.attack);
    if (stage === undefined || attack === undefined) return [];
    const progress = cell.progress?.phase === 'attack' ? ` · ${cell.progress.completed}/${cell.progress.total}` : '';
    return [`stage ${stage.order} (${stage.title}) · ${attack.title}${progress}`];
  });
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  useFocusHandoff(running, runButton, stopButton);

  return (
    <section className="attack-matrix-view" data-testid="attack-matrix" aria-labelledby="attack-matrix-heading">
      <h1 id="attack-matrix-heading">Attack matrix</h1>
      <p>
        Every attack of the lab against every stage, each next to what the stage claims it will achieve. A full run takes under a minute: bcrypt is slow on purpose. Two stages
        are attacked at once; then the attacks that time this machine (the timing attack, the parallel burst, cracking) run one by one, alone.
      </p>
      <p className="notice notice-warn" role="note">
        Running the matrix resets every stage it attacks: users, sessions, lockouts, rate-limit counters and the demo clock there are wiped. Instructor mistakes stay on.
      </p>
      <div className="run-controls">
        <GuardedButton ref={runButton} testId="attack-matrix-run" blocked={busy || checksRunning} onPress={() => void runAllAttacks(stages.map((stage) => stage.id))}>
          {matrix === undefined ? 'Run all' : 'Run all again'}
        </GuardedButton>
        <StopButton ref={stopButton} testId="attack-matrix-stop" running={running} stopping={stopping} onStop={stopAttacks} />
        <span className="muted">
          {running && now.length > 0
            ? `Now: ${now.join('; ')}`
            : busy && !running
              ? 'An attack is running on a stage page.'
              : checksRunning
                ? `Practice checks are running${checksOn.length > 0 ? ` on ${checksOn.join(' and ')}` : ''}; the matrix waits for them.`
                : ''}
        </span>
      </div>
      <p data-testid="attack-matrix-summary" className="attack-matrix-summary" aria-live="polite" data-complete={tally.ran === total ? 'true' : 'false'}>
        {describeAttackMatrix(tally, { running })}
        {matrix !== undefined && matrix.durationMs > 0 && <span className="muted"> · {formatDuration(matrix.durationMs)}</span>}
        {matrix?.phase === 'stopped' && <span className="muted"> · stopped</span>}
        {matrix?.phase === 'error' && <span className="cell-mismatch"> · could not run: {matrix.error}</span>}
      </p>
      {/* Its own name: the page's section already carries the heading's, and landmarks must differ. */}
      <div className="matrix-scroll" role="region" aria-label="Attack matrix table" tabIndex={0}>
        <table className="matrix attack-matrix">
          <caption className="visually-hidden">Attacks (rows) against stages (columns): outcome and measured figure</caption>
          <thead>
            <tr>
              <th scope="col">Attack</th>
              {stages.map((stage) => (
                <th scope="col" key={stage.id}>
                  <span className="matrix-stage">
                    {stage.order} · {stage.title}
                  </span>
                  <span className="matrix-column-status">{columnStatus(stage.id, matrix)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ATTACKS.map((attack) => (
              <tr key={attack.id}>
                <th scope="row">{attack.title}</th>
                {stages.map((stage) => {
                  const here = runningCells.find((cell) => cell.stage === stage.id && cell.attack === attack.id);
                  return (
                    <AttackMatrixCell
                      key={stage.id}
                      stage={stage.id}
                      attack={attack.id}
                      cell={findCell(cells, stage.id, attack.id)}
                      claimed={labs[stage.id]?.expectedAttacks?.[attack.id]}
                      progress={here?.progress}
                      running={here !== undefined}
                    />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend />
    </section>
  );
}
