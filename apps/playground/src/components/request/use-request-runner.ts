import { useCallback, useState } from 'react';
import { sendRequest } from '../../api/client.ts';
import type { ExchangeRecord, RequestSpec } from '../../api/types.ts';
import { recordExchange, useStageHistory } from '../../state/session.ts';
import { pathProblem } from './draft.ts';
import { formatDurationMs, statusLabel, statusTone } from './response-format.ts';

export interface Announcement {
  text: string;
  tone: 'info' | 'ok' | 'error';
}

export interface RequestRunner {
  /** This stage's exchanges, newest first. */
  history: readonly ExchangeRecord[];
  /** The exchange the response view shows: the one picked in the history, else the newest. */
  selected: ExchangeRecord | undefined;
  select(exchange: ExchangeRecord | undefined): void;
  sending: boolean;
  /** Sends, records into the session (the flowchart lights up), and shows the answer. */
  send(spec: RequestSpec): Promise<ExchangeRecord | undefined>;
  announcement: Announcement;
  announce(announcement: Announcement): void;
}

export function useRequestRunner(options: { stage: string; onAnswered?: (exchange: ExchangeRecord) => void }): RequestRunner {
  const history = useStageHistory(options.stage);
  const [selectedId, setSelectedId] = useState<number>();
  const [sending, setSending] = useState(false);
  const [announcement, announce] = useState<Announcement>({ text: '', tone: 'info' });
  const { onAnswered } = options;

  const send = useCallback(
    async (spec: RequestSpec): Promise<ExchangeRecord | undefined> => {
      const problem = pathProblem(spec.path);
      if (problem !== undefined) {
        announce({ text: problem, tone: 'error' });
        return undefined;
      }
      setSending(true);
      announce({ text: `Sending ${spec.method} ${spec.path}…`, tone: 'info' });
      try {
        const exchange = await sendRequest(spec);
        recordExchange(exchange);
        setSelectedId(undefined);
        const { status, statusText } = exchange.response;
        announce({
          text: `${spec.method} ${spec.path} answered ${statusLabel(status, statusText)} in ${formatDurationMs(exchange.durationMs)}.`,
          tone: statusTone(status),
        });
        onAnswered?.(exchange);
        return exchange;
      } catch (caught) {
        // fetch throws only when nothing came back: server down, or a header the browser refuses to send.
        const reason = caught instanceof Error ? caught.message : String(caught);
        announce({ text: `No answer: the request could not be sent (${reason}).`, tone: 'error' });
        return undefined;
      } finally {
        setSending(false);
      }
    },
    [onAnswered],
  );

  const select = useCallback((exchange: ExchangeRecord | undefined): void => setSelectedId(exchange?.id), []);
  const selected = history.find((exchange) => exchange.id === selectedId) ?? history[0];
  return { history, selected, select, sending, send, announcement, announce };
}
