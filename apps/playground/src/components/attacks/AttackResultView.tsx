import type { AttackResult } from '@authlab/attacks';
import type { AttackOutcome } from '@authlab/contract';
import type { ReactNode } from 'react';
import { formatMeasurement, measurementName } from '../../lib/attack-view.ts';
import { InlineCode } from './InlineCode.tsx';
import { OutcomeBadge } from './OutcomeBadge.tsx';

/** What the stage claims for this attack, and whether the run bore it out. */
export function ExpectedLine({ expected, actual }: { expected: AttackOutcome | undefined; actual: AttackOutcome | undefined }): ReactNode {
  if (expected === undefined) return <p className="muted">This stage publishes no expectation for this attack.</p>;
  const matched = actual === undefined ? undefined : actual === expected;
  return (
    <p className="attack-expected" data-testid="attack-expected" data-expected={expected} data-matched={matched === undefined ? '' : String(matched)}>
      Expected on this stage: <OutcomeBadge outcome={expected} size="inline" />
      {matched === true && <strong className="cell-match"> ✓ this run matched</strong>}
      {matched === false && <strong className="cell-mismatch"> ✗ this run differs</strong>}
    </p>
  );
}

function Measurements({ measurements }: { measurements: Record<string, number> }): ReactNode {
  const entries = Object.entries(measurements);
  if (entries.length === 0) return null;
  return (
    <table className="measurements attack-measurements">
      <caption>Measured</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{measurementName(key)}</th>
            <td>{formatMeasurement(key, value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Findings({ result }: { result: AttackResult }): ReactNode {
  if (result.findings.length === 0) return null;
  return (
    <table className="findings">
      <caption>What the attacker found or tried</caption>
      <thead>
        <tr>
          <th scope="col">subject</th>
          <th scope="col">result</th>
          <th scope="col">detail</th>
        </tr>
      </thead>
      <tbody>
        {result.findings.map((finding, index) => (
          <tr key={`${finding.subject}-${index}`}>
            <th scope="row">{finding.subject}</th>
            <td>{finding.value}</td>
            <td>{finding.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface AttackResultViewProps {
  result: AttackResult;
  expected: AttackOutcome | undefined;
  /** The chart, shown between the verdict and the numbers behind it. */
  children?: ReactNode;
}

/** The verdict, big enough for the back row: status, figure, explanation, chart, then the numbers. */
export function AttackResultView({ result, expected, children }: AttackResultViewProps): ReactNode {
  return (
    <div className="attack-result">
      <div className="attack-verdict">
        <OutcomeBadge outcome={result.status} size="large" testId="attack-outcome" />
        <span className="attack-figure">{result.figure}</span>
      </div>
      <p className="attack-headline">
        <InlineCode text={result.explanation} />
      </p>
      <ExpectedLine expected={expected} actual={result.status} />
      {result.mistakes.length > 0 && <p className="notice notice-mistake">Instructor mistakes on during this run: {result.mistakes.join(', ')}.</p>}
      {result.stoppedBy === 'budget' && <p className="muted">The attack stopped at its budget of attempts or time, as it is meant to.</p>}
      {children}
      <div className="attack-tables">
        <Measurements measurements={result.measurements} />
        {result.attack !== 'breach-crack' && <Findings result={result} />}
      </div>
    </div>
  );
}
