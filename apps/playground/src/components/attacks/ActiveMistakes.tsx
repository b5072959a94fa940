import { useEffect, type ReactNode } from 'react';
import { useStageResetting } from '../../state/lab-activity.ts';
import { useStageHistory } from '../../state/session.ts';
import { activeMistakeTitles, refreshStageLab, useStageLab } from '../../state/stage-lab.ts';

/** While a mistake is on, re-read the stage this often: a `/reset` from anywhere clears it. */
const WATCH_INTERVAL_MS = 5_000;

/**
 * The warning on a stage page while an instructor has put a mistake back: the class must never
 * mistake the weakened stage for the lesson's real one.
 */
export function ActiveMistakes({ stage }: { stage: string }): ReactNode {
  const lab = useStageLab(stage);
  const titles = activeMistakeTitles(lab);
  const latestExchange = useStageHistory(stage)[0]?.id;
  const watching = titles.length > 0;
  const resetting = useStageResetting(stage);

  useEffect(() => {
    // A run's resets switch the mistakes off for a moment: a read then would hide the banner for good.
    if (!watching || resetting) return undefined;
    // Once a run is over, read what it left on.
    void refreshStageLab(stage).catch(() => undefined);
    const timer = window.setInterval(() => void refreshStageLab(stage).catch(() => undefined), WATCH_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [stage, watching, resetting]);

  useEffect(() => {
    // A request from the builder may have been the `/reset` that cleared them.
    if (watching && latestExchange !== undefined) void refreshStageLab(stage).catch(() => undefined);
  }, [stage, watching, latestExchange]);

  if (!watching) return null;
  return (
    <p className="notice notice-mistake" data-testid="active-mistakes" role="status">
      <span aria-hidden="true">⚠ </span>
      Instructor mistake on: <strong>{titles.join(', ')}</strong>. This stage is weakened on purpose for a demo; switch it off in the Attack lab tab, or reset the stage.
    </p>
  );
}
