import { useId, type ReactNode } from 'react';
import type { ExchangeRecord } from '../../api/types.ts';
import { formatDurationMs, statusTone } from './response-format.ts';

interface HistoryListProps {
  history: readonly ExchangeRecord[];
  selectedId: number | undefined;
  onSelect: (exchange: ExchangeRecord) => void;
}

/** The part of the path after `/api/stages/<id>`, which every entry here shares. */
function shortPath(path: string): string {
  return path.replace(/^\/api\/stages\/[^/?#]+/, '') || '/';
}

/** This stage's requests, newest first; picking one shows its response and loads it into the builder. */
export function HistoryList({ history, selectedId, onSelect }: HistoryListProps): ReactNode {
  const id = useId();
  return (
    <section className="request-history" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>History on this stage ({history.length})</h3>
      {history.length === 0 ? (
        <p className="hint">Requests you send here appear in this list, newest first.</p>
      ) : (
        <ol>
          {history.map((exchange) => (
            <li key={exchange.id}>
              <button
                type="button"
                className="history-item"
                data-testid="history-item"
                aria-current={exchange.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(exchange)}
              >
                <span className={`status-badge tone-${statusTone(exchange.response.status)}`}>{exchange.response.status}</span>
                <code>
                  {exchange.request.method} {shortPath(exchange.request.path)}
                </code>
                <span className="hint">
                  #{exchange.id} · {formatDurationMs(exchange.durationMs)} · {new Date(exchange.at).toLocaleTimeString()}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
