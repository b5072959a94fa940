import type { ApiDescription } from '@authlab/contract';
import { readLoopbackURL } from '@authlab/contract';
import { useRef, type ReactNode } from 'react';
import { useClassroomStatus } from '../../state/classroom.ts';
import { useFocusHandoff } from '../use-focus-handoff.ts';
import { useCheckList } from '../checks/run-store.ts';
import { OwnResults, VerdictCounts } from './OwnResults.tsx';
import { runOwnChecks, stopOwnRun, useOwnRun, type OwnRun } from './own-run-store.ts';
import { StopButton } from '../StopButton.tsx';
import { GuardedButton } from '../GuardedButton.tsx';

interface OwnRunPanelProps {
  url: string;
  onURLChange: (url: string) => void;
  /** Undefined until the description reads cleanly. */
  description: ApiDescription | undefined;
}

function progressText(run: OwnRun | null, total: number): string {
  if (run === null) return 'Not run yet.';
  const done = run.reports.length;
  const last = run.reports.at(-1);
  const lastLine = last ? ` Last: ${last.title}, ${last.status} (${last.requests} request${last.requests === 1 ? '' : 's'}).` : '';
  if (run.phase === 'running') return `Running against ${run.url}: ${done}/${total} done.${lastLine}`;
  if (run.phase === 'error') return `The checks could not run. ${run.error ?? 'Unknown error.'}`;
  const waited = run.waitedSeconds ? ` Waited ${run.waitedSeconds} s for your API's rate limit.` : '';
  return `${run.phase === 'stopped' ? `Stopped after ${done}/${total}. ` : ''}Checked ${run.url}:${waited}`;
}

/** Where the API listens, the run with its Stop, and each verdict as it comes in. */
export function OwnRunPanel({ url, onURLChange, description }: OwnRunPanelProps): ReactNode {
  const checks = useCheckList();
  const run = useOwnRun();
  const target = readLoopbackURL(url);
  const running = run?.phase === 'running';
  const ready = description !== undefined && target.ok;
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  useFocusHandoff(running, runButton, stopButton);
  const total = checks?.length ?? 16;
  const budget = checks?.reduce((sum, check) => sum + check.budget, 0);
  const current = running ? checks?.find((check) => !run.reports.some((report) => report.id === check.id)) : undefined;
  // A classroom's lesson server runs on the instructor's machine: it must not be made to reach into the class's network.
  const inClassroom = useClassroomStatus()?.mode === 'classroom';

  return (
    <section className="your-api-section" aria-labelledby="run-heading">
      <h2 id="run-heading">2 · Run the checks</h2>
      <label htmlFor="api-url">Where your API listens (this machine only)</label>
      <input
        id="api-url"
        data-testid="api-url"
        className="your-api-url"
        type="text"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        value={url}
        aria-invalid={target.ok ? undefined : true}
        aria-describedby="api-url-status"
        onChange={(event) => onURLChange(event.target.value)}
      />
      <p id="api-url-status" className={target.ok ? 'muted' : 'field-problem'} data-testid="api-url-status">
        {target.ok ? 'localhost, 127.x.x.x or [::1]. For an API on another machine, use the CLI with --allow-remote-target.' : `Refused: ${target.problem}.`}
      </p>
      <p className="notice notice-warn" role="note">
        The checks register fresh accounts, log in with wrong passwords on purpose and send up to {budget ?? 'a few hundred'} requests. Point them at a development copy, never
        at one with real users.
      </p>
      {inClassroom ? (
        <p className="notice" role="note" data-testid="own-checks-classroom">
          In a classroom the lesson server is not on your machine, so this page cannot check your API. Run the same checks from a terminal on your machine:{' '}
          <code>npm run check -- --url http://localhost:8000 --api my-api.yaml --json &gt; report.json</code>, then import the report below. Or start AuthLab on your own
          machine and use this page there.
        </p>
      ) : (
        <div className="run-controls">
          <GuardedButton ref={runButton} testId="run-own-checks" blocked={!ready || running} onPress={() => ready && void runOwnChecks(target.url.href, description)}>
            {run === null ? 'Run the checks' : 'Run the checks again'}
          </GuardedButton>
          {running && <StopButton ref={stopButton} running={running} stopping={run.stopping} onStop={stopOwnRun} />}
          {!ready && <span className="muted">{description === undefined ? 'Describe your API first.' : 'Give a URL on this machine first.'}</span>}
        </div>
      )}
      {running && <progress className="run-progress" max={total} value={run.reports.length} aria-label="Checks done" />}
      <p data-testid="own-run-summary" className="checks-summary" aria-live="polite">
        {progressText(run, total)}
        {run !== null && run.phase !== 'running' && run.phase !== 'error' && (
          <>
            {' '}
            <VerdictCounts reports={run.reports} />.
          </>
        )}
        {current && <span className="muted"> Now: {current.title}…</span>}
      </p>
      {run !== null && checks !== undefined && !(run.phase === 'error' && run.reports.length === 0) && (
        <OwnResults checks={checks} reports={run.reports} runningId={current?.id} ranInPage />
      )}
    </section>
  );
}
