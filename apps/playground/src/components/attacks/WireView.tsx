import type { WireCapture } from '@authlab/contract';
import type { ReactNode } from 'react';
import { countRecordTypes, wireLines } from '../../lib/wire-view.ts';

/** The sniffer's capture: the request in the clear over HTTP, record headers and noise over HTTPS. */
export function WireView({ wire }: { wire: WireCapture }): ReactNode {
  const overTLS = wire.tlsRecords.length > 0;
  return (
    <figure className="attack-chart wire-capture" data-testid="wire-capture" data-transport={wire.transport}>
      <figcaption>
        What crossed the wire from the victim to the server ({wire.transport.toUpperCase()}, {wire.totalBytes} bytes
        {wire.truncated ? `, the first ${wire.keptBytes} kept` : ''}):{' '}
        {overTLS ? `TLS records only: ${countRecordTypes(wire.tlsRecords)}. Everything after the ClientHello is encrypted.` : 'plain text, headers included.'}
      </figcaption>
      {overTLS ? (
        <>
          <table className="findings">
            <thead>
              <tr>
                <th scope="col">record</th>
                <th scope="col">type</th>
                <th scope="col">version field</th>
                <th scope="col">bytes</th>
              </tr>
            </thead>
            <tbody>
              {wire.tlsRecords.map((record, index) => (
                <tr key={index}>
                  <th scope="row">{index + 1}</th>
                  <td>{record.type}</td>
                  <td>{record.version}</td>
                  <td>{record.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <pre className="wire-text">{wire.hexPreview}</pre>
        </>
      ) : (
        <pre className="wire-text">
          {wireLines(wire.text).map((line, index) => (
            <span key={index}>
              {line.secret ? <mark>{line.text}</mark> : line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </figure>
  );
}
