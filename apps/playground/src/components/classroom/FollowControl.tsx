import { STAGE_IDS } from '@authlab/contract';
import { useState, type ReactNode } from 'react';
import { setFollow } from '../../api/instructor.ts';
import { findPage } from '../../content/course.ts';
import { ActionProblem, useDashboardAction } from './use-dashboard-action.tsx';

function stageName(id: string): string {
  return findPage(id)?.title ?? id;
}

/** "Everyone follow me to: [stage]": learners see a banner with a link to it. */
export function FollowControl({ follow, onChanged }: { follow: string | null; onChanged: () => void }): ReactNode {
  const [choice, setChoice] = useState<string>(follow ?? STAGE_IDS[0]);
  const { problem, run } = useDashboardAction();

  function send(stage: string | null): Promise<void> {
    return run(async () => {
      await setFollow(stage);
      onChanged();
    });
  }

  return (
    <section className="dashboard-box" aria-labelledby="follow-heading">
      <h2 id="follow-heading">Follow me</h2>
      <p data-testid="follow-state">{follow === null ? 'Learners are not asked to follow you.' : `Learners are asked to go to ${stageName(follow)}.`}</p>
      <p className="progress-actions">
        <label htmlFor="follow-stage">Everyone follow me to</label>
        <select id="follow-stage" data-testid="follow-stage" value={choice} onChange={(event) => setChoice(event.target.value)}>
          {STAGE_IDS.map((id) => (
            <option key={id} value={id}>
              {stageName(id)}
            </option>
          ))}
        </select>
        <button type="button" data-testid="follow-send" onClick={() => void send(choice)}>
          Send
        </button>
        {follow !== null && (
          <button type="button" className="button-quiet" data-testid="follow-stop" onClick={() => void send(null)}>
            Stop
          </button>
        )}
      </p>
      <ActionProblem problem={problem} />
    </section>
  );
}
