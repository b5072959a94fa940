import { formatDuration, type AttackResult } from '@authlab/attacks';
import type { ReactNode } from 'react';
import { formatRate, guessRateRows, type GuessRateRow } from '../../lib/guess-rates.ts';

/** Bar lengths on a log scale: 2 s and 3 h must both be visible on one slide. */
function logShare(ms: number, maxMs: number): number {
  if (ms <= 0 || maxMs <= 1) return 0;
  return Math.max(2, Math.min(100, (Math.log10(Math.max(ms, 1)) / Math.log10(maxMs)) * 100));
}

function Bar({ label, ms, maxMs, tone }: { label: string; ms: number; maxMs: number; tone: string }): ReactNode {
  return (
    <div className="crack-bar">
      <span className="crack-bar-label">{label}</span>
      <span className="crack-bar-track" aria-hidden="true">
        <span className={`crack-bar-fill crack-bar-${tone}`} style={{ width: `${logShare(ms, maxMs)}%` }} />
      </span>
      <span className="crack-bar-value">{formatDuration(ms)}</span>
    </div>
  );
}

/** Guesses per second, measured in this run: bar length on a log scale, since the rates differ by 10^5. */
function GuessRates({ rows, sharedAgeSeconds }: { rows: GuessRateRow[]; sharedAgeSeconds: number | undefined }): ReactNode {
  const fastest = Math.max(...rows.map((row) => row.perSecond));
  // Shifted so that one guess every ten seconds still shows a sliver.
  const share = (perSecond: number): number => Math.max(2, (Math.log10(perSecond * 10 + 1) / Math.log10(fastest * 10 + 1)) * 100);
  return (
    <div className="guess-rates" data-testid="guess-rates">
      <p>
        {sharedAgeSeconds === undefined
          ? 'Guesses per second on this machine, each measured just now for about a second:'
          : `Guesses per second on this machine, about a second each, measured once for this matrix run${sharedAgeSeconds > 0 ? ` (${formatDuration(sharedAgeSeconds * 1000)} ago)` : ''} and shared by every stage:`}
      </p>
      <div className="crack-bars" role="img" aria-label={rows.map((row) => `${row.scheme} ${formatRate(row.perSecond)}`).join(', ')}>
        {rows.map((row) => (
          <div className="crack-bar" key={row.scheme}>
            <span className="crack-bar-label">
              {row.scheme} <small>{row.parameters}</small>
            </span>
            <span className="crack-bar-track" aria-hidden="true">
              <span className={`crack-bar-fill crack-bar-${row.scheme === 'SHA-256' ? 'spent' : 'extrapolated'}`} style={{ width: `${share(row.perSecond)}%` }} />
            </span>
            <span className="crack-bar-value">
              {formatRate(row.perSecond)}
              {row.timesSlower > 1 && Number.isFinite(row.timesSlower) ? ` (${row.timesSlower.toLocaleString('en')}× slower)` : ''}
            </span>
          </div>
        ))}
      </div>
      <p className="guess-rates-note">
        An attacker&rsquo;s graphics cards raise every row, SHA-256 most of all. Argon2id&rsquo;s memory per guess is what limits how many of its guesses they can run side by
        side.
      </p>
    </div>
  );
}

/**
 * Breach and crack: what fell, and for bcrypt what the rest would cost: the time spent next to
 * the whole wordlist extrapolated from the measured rate.
 */
export function CrackSummary({ result }: { result: AttackResult }): ReactNode {
  const { accounts = 0, cracked = 0, crackMs, hashesPerSecond, wordlistForRemainingSeconds } = result.measurements;
  const wholeListMs = wordlistForRemainingSeconds === undefined ? undefined : wordlistForRemainingSeconds * 1000;
  const recovered = result.findings.filter((finding) => finding.value !== 'same hash');
  const shared = result.findings.filter((finding) => finding.value === 'same hash');
  const rates = guessRateRows(result.measurements);
  return (
    <figure className="attack-chart crack-summary" data-testid="attack-chart" data-chart="crack">
      <figcaption>
        <strong className="crack-count">
          {cracked}/{accounts}
        </strong>{' '}
        passwords recovered from the dump{hashesPerSecond === undefined ? '' : `, at ${hashesPerSecond.toLocaleString('en')} hashes/s`}.
      </figcaption>
      {crackMs !== undefined && wholeListMs !== undefined && (
        <div
          className="crack-bars"
          role="img"
          aria-label={`Spent ${formatDuration(crackMs)}; the whole wordlist against the rest would take about ${formatDuration(wholeListMs)}`}
        >
          <Bar label="spent cracking" ms={crackMs} maxMs={Math.max(wholeListMs, crackMs)} tone="spent" />
          <Bar label="whole list, extrapolated" ms={wholeListMs} maxMs={Math.max(wholeListMs, crackMs)} tone="extrapolated" />
        </div>
      )}
      {recovered.length > 0 && (
        <table className="findings crack-list">
          <caption className="visually-hidden">Recovered passwords</caption>
          <thead>
            <tr>
              <th scope="col">account</th>
              <th scope="col">password</th>
              <th scope="col">how</th>
            </tr>
          </thead>
          <tbody>
            {recovered.map((finding) => (
              <tr key={finding.subject}>
                <th scope="row">{finding.subject}</th>
                <td className="crack-password">{finding.value}</td>
                <td>{finding.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shared.length > 0 && <p>Equal hashes, so equal passwords: {shared.map((finding) => finding.subject).join(', ')}.</p>}
      {rates !== undefined && <GuessRates rows={rates} sharedAgeSeconds={result.measurements.guessRatesSharedAgeSeconds} />}
    </figure>
  );
}
