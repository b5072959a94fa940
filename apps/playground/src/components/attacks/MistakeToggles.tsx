import { useState, type ReactNode } from 'react';
import { attackTarget } from '../../api/client.ts';
import { refreshStageLab, type StageLab } from '../../state/stage-lab.ts';
import { InlineCode } from './InlineCode.tsx';

/**
 * The instructor's switches: each puts one named mistake back into this stage, at once and
 * without a restart, so the class sees an attack that just failed succeed. `/reset` clears them.
 */
export function MistakeToggles({ stage, lab, disabled }: { stage: string; lab: StageLab; disabled: boolean }): ReactNode {
  // Shown at once, while the server is asked: the switch follows the hand, then the server.
  const [pending, setPending] = useState<{ mistake: string; enabled: boolean }>();
  const [error, setError] = useState<string>();

  // Blocked, not `disabled`: a disabled switch would throw the keyboard's focus to <body>
  // the moment Space turned it, and again on every run that starts while it has focus.
  const blocked = disabled || pending !== undefined;

  async function toggle(mistake: string, enabled: boolean): Promise<void> {
    if (blocked) return;
    setPending({ mistake, enabled });
    setError(undefined);
    try {
      const target = await attackTarget(stage);
      await target.setMistake(mistake, enabled);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      // Re-read the stage entry either way: the banner and the expectations follow the server.
      await refreshStageLab(stage).catch(() => undefined);
      setPending(undefined);
    }
  }

  return (
    <fieldset className="mistake-toggles">
      <legend>
        <span aria-hidden="true">⚠ </span>Instructor: re-introduce a mistake
      </legend>
      <p className="muted">For a demo only: the stage changes for everyone using this server until you switch it off or reset the stage.</p>
      <ul>
        {lab.lab.availableMistakes.map((mistake) => {
          const switching = pending?.mistake === mistake.id;
          const on = switching ? pending.enabled : lab.lab.mistakes.includes(mistake.id);
          return (
            <li key={mistake.id} className={on ? 'mistake-on' : undefined}>
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  data-testid="mistake-toggle"
                  data-mistake={mistake.id}
                  checked={on}
                  aria-disabled={blocked ? true : undefined}
                  aria-busy={switching ? true : undefined}
                  aria-describedby={`mistake-${stage}-${mistake.id}`}
                  onChange={(event) => void toggle(mistake.id, event.target.checked)}
                />
                {mistake.title}
                <span className="switch-state">{switching ? 'switching…' : on ? 'on' : 'off'}</span>
              </label>
              <p id={`mistake-${stage}-${mistake.id}`} className="mistake-description">
                <InlineCode text={mistake.description} />
              </p>
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" className="progress-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
