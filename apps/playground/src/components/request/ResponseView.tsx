import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { ExchangeRecord } from '../../api/types.ts';
import { formatBody, formatDurationMs, splitHeaders, statusLabel, statusTone } from './response-format.ts';

function HeaderList({ entries, highlight }: { entries: readonly [string, string][]; highlight: boolean }): ReactNode {
  return (
    <dl className={highlight ? 'header-list lesson-headers' : 'header-list'}>
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{highlight ? <mark>{name}</mark> : name}</dt>
          <dd>
            <code>{value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Status, time, the headers the lessons talk about (all the others one click away), body and flow. */
export function ResponseView({ exchange }: { exchange: ExchangeRecord | undefined }): ReactNode {
  const id = useId();
  const statusLine = useRef<HTMLParagraphElement>(null);
  const shownId = useRef(exchange?.id);
  useEffect(() => {
    // A new answer came in: bring its status line into view (the panel may have scrolled past it).
    if (exchange === undefined || exchange.id === shownId.current) return;
    shownId.current = exchange.id;
    statusLine.current?.scrollIntoView({ block: 'nearest' });
  }, [exchange]);
  if (exchange === undefined) {
    return (
      <section className="response-view" aria-labelledby={`${id}-heading`}>
        <h3 id={`${id}-heading`}>Response</h3>
        <p className="hint">Nothing sent on this stage yet. Pick a preset, then press Send.</p>
      </section>
    );
  }
  const { request, response } = exchange;
  const { lesson, other } = splitHeaders(response.headers);
  return (
    <section className="response-view" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        Response <span className="hint">#{exchange.id}</span>
      </h3>
      <p className="response-line" ref={statusLine}>
        <strong data-testid="response-status" className={`status-badge tone-${statusTone(response.status)}`}>
          {statusLabel(response.status, response.statusText)}
        </strong>
        <span data-testid="response-time">{formatDurationMs(exchange.durationMs)}</span>
        <code>
          {request.method} {request.path}
        </code>
      </p>
      {exchange.flow.length > 0 && (
        <p className="response-flow">
          Flow: <strong data-testid="response-flow">{exchange.flow.join(' → ')}</strong>
        </p>
      )}
      {lesson.length > 0 && (
        <div data-testid="response-headers">
          <HeaderList entries={lesson} highlight />
        </div>
      )}
      <details className="all-headers">
        <summary>All {lesson.length + other.length} response headers</summary>
        <HeaderList entries={lesson} highlight />
        <HeaderList entries={other} highlight={false} />
      </details>
      <pre className="block response-body" data-testid="response-body" tabIndex={0} aria-label="Response body">
        {formatBody(response)}
      </pre>
    </section>
  );
}
