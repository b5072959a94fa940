import { ATTACKS, getAttack, hasAllowance } from '@authlab/attacks';
import { type AttackId, isAttackId } from '@authlab/contract';
import { useId, useRef, useState, type ReactNode } from 'react';
import type { StageDescription } from '@authlab/contract';
import { PAGES } from '../../content/course.ts';
import { useStageLab } from '../../state/stage-lab.ts';
import { useRunState } from '../checks/run-store.ts';
import { useFocusHandoff } from '../use-focus-handoff.ts';
import { AllowanceMeasure } from './AllowanceMeasure.tsx';
import { AttackRunView } from './AttackRunView.tsx';
import { runAttack, stopAttacks, useAttackLab } from './attack-store.ts';
import { InlineCode } from './InlineCode.tsx';
import { MistakeToggles } from './MistakeToggles.tsx';
import { OutcomeBadge } from './OutcomeBadge.tsx';
import { StopButton } from '../StopButton.tsx';
import { GuardedButton } from '../GuardedButton.tsx';

function LessonLink({ folder }: { folder: string }): ReactNode {
  const page = PAGES.find((candidate) => candidate.folder === folder);
  return page === undefined ? <code>{folder}</code> : <a href={`#/${page.id}`}>{page.title}</a>;
}

/** The stage's Attack lab tab: pick an attack, run or stop it, watch it live, read the verdict. */
export function AttackPanel({ stage }: { stage: StageDescription }): ReactNode {
  const lab = useStageLab(stage.id);
  const { runs, busy, stopping, matrix } = useAttackLab();
  const { running: checksRunning, active: checksOn } = useRunState();
  const run = runs[stage.id];
  const [selected, setSelected] = useState<AttackId>(run?.attack ?? 'brute-force');
  const attack = getAttack(selected);
  const running = run?.phase === 'running';
  const expected = lab?.expectedAttacks?.[selected];
  const ids = { heading: useId(), select: useId() };
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  useFocusHandoff(running, runButton, stopButton);

  return (
    <section className="attack-lab" data-testid="attack-lab" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Attack lab</h2>
      <p>
        Scripted attacks against this stage, sent from this browser the way an attacker would send them, and only ever to this lab&rsquo;s own server. Each stops by itself at
        a small budget of requests and time.
      </p>
      <p className="notice notice-warn" role="note">
        Running an attack resets this stage: users, sessions, lockouts, rate-limit counters and the demo clock are wiped. Instructor mistakes stay on.
      </p>
      {lab && lab.lab.availableMistakes.length > 0 && <MistakeToggles stage={stage.id} lab={lab} disabled={busy || checksOn.includes(stage.id)} />}
      {hasAllowance(stage.policy) && <AllowanceMeasure stage={stage.id} />}
      <div className="attack-picker">
        <label htmlFor={ids.select}>Attack</label>
        <select
          id={ids.select}
          data-testid="attack-select"
          value={selected}
          disabled={busy}
          onChange={(event) => isAttackId(event.target.value) && setSelected(event.target.value)}
        >
          {ATTACKS.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.title}
            </option>
          ))}
        </select>
      </div>
      <div className="attack-about">
        <p>
          <InlineCode text={attack.description} />
        </p>
        <p className="muted">
          Tests the defence of <LessonLink folder={attack.lesson} />.{' '}
          {expected !== undefined && (
            <>
              Expected here: <OutcomeBadge outcome={expected} size="inline" />
            </>
          )}
        </p>
      </div>
      <div className="run-controls">
        <GuardedButton ref={runButton} testId="attack-run" blocked={busy || checksRunning} onPress={() => void runAttack(stage.id, selected)}>
          Run: {attack.title}
        </GuardedButton>
        <StopButton ref={stopButton} testId="attack-stop" running={running} stopping={stopping} onStop={stopAttacks} />
        {busy && !running && (
          <span className="muted">{matrix?.phase === 'running' ? 'The attack matrix is running; one run at a time.' : 'An attack is running on another stage.'}</span>
        )}
        {checksRunning && <span className="muted">Practice checks are running{checksOn.length > 0 ? ` on ${checksOn.join(' and ')}` : ''}; attacks wait for them.</span>}
      </div>
      {run && <AttackRunView run={run} title={`${getAttack(run.attack).title} on stage ${stage.order}`} />}
    </section>
  );
}
