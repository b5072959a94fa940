import { describeAllowance, formatDuration, type AllowanceProgress } from '@authlab/attacks';
import { useId, useRef, type ReactNode } from 'react';
import { useFocusHandoff } from '../use-focus-handoff.ts';
import { GuardedButton } from '../GuardedButton.tsx';
import { StopButton } from '../StopButton.tsx';
import { useRunState } from '../checks/run-store.ts';
import { measureAllowanceOn, useAllowanceRun, type AllowanceRun } from './allowance-store.ts';
import { stopAttacks, useAttackLab } from './attack-store.ts';

const PROBE_NAMES: Record<AllowanceProgress['probe'], string> = { lockout: 'Lockout', 'rate-limit': 'Rate limit' };

/** The line under the buttons: changes with every login while it runs, so not announced. */
function statusText(run: AllowanceRun | undefined): string {
  if (run === undefined) return '';
  if (run.phase === 'running') {
    const progress = run.progress;
    return progress === undefined ? 'Resetting the stage…' : `${PROBE_NAMES[progress.probe]}: login ${progress.sent} answered ${progress.status}`;
  }
  if (run.phase === 'stopped') return 'Stopped before both probes finished.';
  if (run.phase === 'error') return `The measurement could not finish: ${run.error ?? 'unknown error'}`;
  const measurement = run.measurement;
  if (measurement === undefined) return '';
  const mistakes = measurement.mistakes.length === 0 ? 'no instructor mistake on' : `${measurement.mistakes.join(', ')} on`;
  return `Measured with ${mistakes}: ${measurement.logins} logins in ${formatDuration(measurement.durationMs)}.`;
}

/**
 * The figure the memory-rate-limit mistake is about, measured on the spot: how many wrong
 * guesses the lockout checks and how many logins the rate limit answers, beside what the stage
 * promises. The same measurement as `npm run attack -- --measure-allowance`.
 */
export function AllowanceMeasure({ stage }: { stage: string }): ReactNode {
  const run = useAllowanceRun(stage);
  const { busy, stopping } = useAttackLab();
  const { running: checksRunning } = useRunState();
  const running = run?.phase === 'running';
  const heading = useId();
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  useFocusHandoff(running, runButton, stopButton);
  const figures = run?.phase === 'done' && run.measurement ? describeAllowance(run.measurement) : [];

  return (
    <section className="allowance" data-testid="allowance" aria-labelledby={heading} aria-busy={running}>
      <h3 id={heading}>Measure the allowance</h3>
      <p className="muted">
        Sends wrong logins one at a time: for one name until the lockout answers 423, then for a fresh name each until the rate limit answers 429, and sets what got through
        beside what this stage promises. The stage is reset before, between and after; instructor mistakes stay on, so measure once with a mistake off and once with it on.
      </p>
      <div className="run-controls">
        <GuardedButton ref={runButton} testId="allowance-measure" blocked={busy || checksRunning} onPress={() => void measureAllowanceOn(stage)}>
          Measure the allowance
        </GuardedButton>
        <StopButton ref={stopButton} testId="allowance-stop" running={running} stopping={stopping} onStop={stopAttacks} />
      </div>
      <p className="attack-detail" data-testid="allowance-status" data-phase={run?.phase}>
        {statusText(run)}
      </p>
      <ul className="allowance-figures" data-testid="allowance-figures" aria-live="polite">
        {figures.map((figure) => (
          <li key={figure}>{figure}</li>
        ))}
      </ul>
    </section>
  );
}
