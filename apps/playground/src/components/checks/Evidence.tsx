import type { Evidence as CheckEvidence } from '@authlab/checks';
import type { ReactNode } from 'react';
import type { Exchange } from '@authlab/contract';

function json(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function Headers({ headers }: { headers: Record<string, string> }): ReactNode {
  const entries = Object.entries(headers);
  if (entries.length === 0) return null;
  return <pre className="block evidence-code">{entries.map(([name, value]) => `${name}: ${value}`).join('\n')}</pre>;
}

function ExchangeView({ exchange, index }: { exchange: Exchange; index: number }): ReactNode {
  const { request, response } = exchange;
  const failed = response.status >= 400;
  return (
    <li className="exchange">
      <p className="exchange-line">
        <span className="exchange-index">{index + 1}.</span> <code>{request.method}</code> <code>{request.path || '/'}</code>
        <span aria-hidden="true"> → </span>
        <span className="visually-hidden"> answered </span>
        <strong className={failed ? 'http-error' : 'http-ok'}>{response.status}</strong>
        <span className="muted"> · {exchange.durationMs.toFixed(0)} ms</span>
      </p>
      <div className="exchange-parts">
        <div>
          <h4>Request</h4>
          <Headers headers={request.headers} />
          {request.body !== undefined && <pre className="block evidence-code">{json(request.body)}</pre>}
          {Object.keys(request.headers).length === 0 && request.body === undefined && <p className="muted">No headers or body.</p>}
        </div>
        <div>
          <h4>Response</h4>
          <Headers headers={response.headers} />
          {response.body === null ? <p className="muted">Empty body.</p> : <pre className="block evidence-code">{json(response.body)}</pre>}
        </div>
      </div>
    </li>
  );
}

/** The requests a check sent and what came back, plus the numbers its verdict rests on. */
export function Evidence({ evidence }: { evidence: CheckEvidence }): ReactNode {
  const measurements = Object.entries(evidence.measurements ?? {});
  const count = evidence.exchanges.length;
  return (
    <details className="evidence">
      <summary>
        Evidence: {count} request{count === 1 ? '' : 's'}
        {measurements.length > 0 ? ', measurements' : ''}
      </summary>
      {measurements.length > 0 && (
        <table className="measurements">
          <caption>Measurements</caption>
          <tbody>
            {measurements.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{Number.isInteger(value) ? value : value.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {count === 0 ? (
        <p className="muted">The check needed no requests worth showing.</p>
      ) : (
        <ol className="exchanges">
          {evidence.exchanges.map((exchange, index) => (
            <ExchangeView key={index} exchange={exchange} index={index} />
          ))}
        </ol>
      )}
    </details>
  );
}
