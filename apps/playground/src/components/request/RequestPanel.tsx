import type { StageDescription } from '@authlab/contract';
import { useCallback, useId, useMemo, useState, type ReactNode } from 'react';
import type { ExchangeRecord } from '../../api/types.ts';
import { formatSpan } from '../../lib/inspect-token.ts';
import { DEFAULT_CREDENTIALS, lastRegistered, type Credentials } from '../../lib/presets-context.ts';
import { presetsFor, type Preset } from '../../lib/presets.ts';
import { latestSessionCookie, latestTokens } from '../../state/session.ts';
import { CredentialsFields } from './CredentialsFields.tsx';
import { CurlExport } from './CurlExport.tsx';
import { DemoClock } from './DemoClock.tsx';
import { draftFromSpec, specFromDraft, type Draft } from './draft.ts';
import { HistoryList } from './HistoryList.tsx';
import { PresetBar } from './PresetBar.tsx';
import { RequestBuilder } from './RequestBuilder.tsx';
import { ResponseView } from './ResponseView.tsx';
import { TokenInspector } from './TokenInspector.tsx';
import { useRequestRunner } from './use-request-runner.ts';
import { useStageClock } from './use-stage-clock.ts';

/** Moves the demo clock just past a 15-minute access token's lifetime. */
const FAST_FORWARD_SECONDS = 901;

/**
 * The request builder for one stage: presets, the request, its curl, the response, the tokens
 * in it, and this stage's history. Every request goes through the API client and into the
 * session, so the flowchart lights up the path it took.
 */
export function RequestPanel({ stage }: { stage: StageDescription }): ReactNode {
  const headingId = useId();
  const clock = useStageClock(stage);
  const { refresh: refreshClock } = clock;
  // /reset (and /clock) move the demo clock: read it again so countdowns stay right.
  const onAnswered = useCallback(
    (exchange: ExchangeRecord): void => {
      if (/\/(reset|clock)$/.test(exchange.request.path)) refreshClock().catch(() => undefined);
    },
    [refreshClock],
  );
  const runner = useRequestRunner({ stage: stage.id, onAnswered });
  const { history, announce } = runner;
  const [credentials, setCredentials] = useState<Credentials>(DEFAULT_CREDENTIALS);
  const presets = useMemo(
    () =>
      presetsFor({
        stage: stage.id,
        authentication: stage.policy.authentication,
        credentials,
        registered: lastRegistered(history),
        tokens: latestTokens(history),
        cookieSession: stage.policy.cookieSession,
        sessionCookie: latestSessionCookie(history),
        // eslint-disable-next-line react-hooks/purity -- the presets are rebuilt when their inputs change; they take the time then
        nowSeconds: Math.floor(Date.now() / 1000 + clock.offsetSeconds),
      }),
    [stage, credentials, history, clock.offsetSeconds],
  );
  const [draft, setDraft] = useState<Draft>(() => draftFromSpec(presets.find((preset) => preset.spec)?.spec ?? emptyRequest(stage.id)));
  const hasJWT = stage.policy.accessToken?.kind === 'jwt';

  function pick(preset: Preset): void {
    if (preset.spec === undefined) {
      announce({ text: `${preset.label}: ${preset.explain}`, tone: 'info' });
      return;
    }
    setDraft(draftFromSpec(preset.spec));
    announce({ text: `Filled in "${preset.label}": ${preset.explain} Press Send to send it.`, tone: 'info' });
  }

  function load(exchange: ExchangeRecord): void {
    runner.select(exchange);
    setDraft(draftFromSpec(exchange.request));
    announce({ text: `Showing request #${exchange.id}; it is loaded into the builder to edit or send again.`, tone: 'info' });
  }

  async function verify(token: string): Promise<ExchangeRecord | undefined> {
    return runner.send({ method: 'GET', path: `/api/stages/${stage.id}/records`, headers: { Authorization: `Bearer ${token}` }, body: '' });
  }

  async function forwardClock(): Promise<void> {
    try {
      await clock.advance({ advanceSeconds: FAST_FORWARD_SECONDS });
      announce({ text: `Demo clock moved ${formatSpan(FAST_FORWARD_SECONDS)} forward: a token issued before now has expired.`, tone: 'ok' });
    } catch (caught) {
      announce({ text: `The demo clock did not move: ${caught instanceof Error ? caught.message : String(caught)}`, tone: 'error' });
    }
  }

  return (
    <section className="panel request-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Send requests</h2>
      <CredentialsFields value={credentials} onChange={setCredentials} />
      <PresetBar presets={presets} onPick={pick} />
      <RequestBuilder draft={draft} onChange={setDraft} onSend={() => void runner.send(specFromDraft(draft))} sending={runner.sending} />
      <CurlExport spec={specFromDraft(draft)} />
      <p className={`request-status tone-${runner.announcement.tone}`} role="status" aria-live="polite" data-testid="request-announcement">
        {runner.announcement.text}
      </p>
      <ResponseView exchange={runner.selected} />
      <TokenInspector exchange={runner.selected} clockOffsetSeconds={clock.offsetSeconds} onVerify={verify} />
      {hasJWT && <DemoClock offsetSeconds={clock.offsetSeconds} onForward={forwardClock} />}
      <HistoryList history={history} selectedId={runner.selected?.id} onSelect={load} />
    </section>
  );
}

function emptyRequest(stage: string): { method: 'GET'; path: string; headers: Record<string, string> } {
  return { method: 'GET', path: `/api/stages/${stage}`, headers: {} };
}
