import { STAGE_IDS, type LearnerRow } from '@authlab/contract';
import type { ReactNode } from 'react';
import { removeLearner, resetLearner } from '../../api/instructor.ts';
import { findPage } from '../../content/course.ts';
import { describeQuizzes, describeStageProgress, relativeTime } from '../../lib/class-progress.ts';
import { useNow } from '../request/use-now.ts';
import { ActionProblem, useDashboardAction } from './use-dashboard-action.tsx';

interface LearnerTableProps {
  learners: readonly LearnerRow[];
  idleDeleteHours: number;
  onChanged: () => void;
}

/** A moment, relative ("3 min ago"), with the exact time on hover. `past`: see relativeTime. */
function When({ iso, now, past = false }: { iso: string; now: number; past?: boolean }): ReactNode {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={Number.isNaN(date.getTime()) ? iso : date.toLocaleString()}>
      {relativeTime(iso, now, { past })}
    </time>
  );
}

/** Learners (rows) × stages (columns): each stage's last check run, quizzes, activity, and per-learner actions. */
export function LearnerTable({ learners, idleDeleteHours, onChanged }: LearnerTableProps): ReactNode {
  // Relative times ("3 min ago") move on even when no event comes.
  const now = useNow({ intervalMs: 30_000, active: true });
  const { problem, run } = useDashboardAction();

  async function act(learner: LearnerRow, action: 'reset' | 'remove'): Promise<void> {
    const question =
      action === 'reset'
        ? `Reset ${learner.displayName}’s six stages? Their users, sessions and counters are wiped; their progress here stays.`
        : `Remove ${learner.displayName}’s workspace? It is deleted with everything in it, and they must join again.`;
    if (!window.confirm(question)) return;
    await run(async () => {
      await (action === 'reset' ? resetLearner(learner.id) : removeLearner(learner.id));
      onChanged();
    });
  }

  return (
    <section aria-labelledby="learners-heading">
      <h2 id="learners-heading">Learners ({learners.length})</h2>
      <p className="muted">
        Each stage shows the learner&rsquo;s last run of its practice checks, as their browser reported it: good for following the class, not for grading. A workspace left
        unused for {idleDeleteHours} h is deleted with its data.
      </p>
      <ActionProblem problem={problem} />
      {learners.length === 0 ? (
        <p data-testid="no-learners">Nobody has joined yet. Share the class link or the join code.</p>
      ) : (
        <div className="matrix-scroll" role="region" aria-label="Learners and their progress" tabIndex={0}>
          <table className="matrix class-table" data-testid="class-table">
            <caption className="visually-hidden">Learners (rows) against stages, quizzes and activity (columns)</caption>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                {STAGE_IDS.map((id) => (
                  <th scope="col" key={id}>
                    {findPage(id)?.title ?? id}
                  </th>
                ))}
                <th scope="col">Quizzes</th>
                <th scope="col">Last active</th>
                <th scope="col">Deleted if idle</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {learners.map((learner) => (
                <tr key={learner.id} data-testid={`learner-${learner.displayName}`}>
                  <th scope="row">
                    {learner.displayName}
                    {learner.attacking !== null && (
                      <span className="cell-time" data-testid="attacking">
                        attacking: {learner.attacking.attack} on {findPage(learner.attacking.stage)?.title ?? learner.attacking.stage}
                      </span>
                    )}
                  </th>
                  {STAGE_IDS.map((id) => {
                    const progress = learner.stages[id];
                    return (
                      <td key={id} data-stage={id} className={progress === undefined ? 'muted' : undefined}>
                        {describeStageProgress(progress)}
                        {progress !== undefined && (
                          <span className="cell-time">
                            <When iso={progress.at} now={now} past />
                          </span>
                        )}
                      </td>
                    );
                  })}
                  <td data-column="quizzes">{describeQuizzes(learner.quizzes)}</td>
                  <td>
                    <When iso={learner.lastActiveAt} now={now} past />
                  </td>
                  <td>
                    <When iso={learner.deletesAt} now={now} />
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button-quiet button-small"
                      aria-label={`Reset ${learner.displayName}’s stages`}
                      onClick={() => void act(learner, 'reset')}
                    >
                      Reset
                    </button>
                    <button
                      type="button"
                      className="button-quiet button-small button-danger"
                      aria-label={`Remove ${learner.displayName}’s workspace`}
                      onClick={() => void act(learner, 'remove')}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
