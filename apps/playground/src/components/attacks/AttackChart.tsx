import type { AttemptPoint, TimingSamples } from '@authlab/attacks';
import { useMemo, type ReactNode } from 'react';
import { binTimings, describeStatuses, medianMs, statusSeries, timingFromAttempts } from '../../lib/attack-charts.ts';
import { burstSeries, describeBurst } from '../../lib/burst-chart.ts';
import type { AttackRun } from './attack-store.ts';
import { burstChartOptions, statusChartOptions, timingChartOptions } from './chart-specs.ts';
import { CrackSummary } from './CrackSummary.tsx';
import { WireView } from './WireView.tsx';
import { UPlotChart } from './UPlotChart.tsx';

const CHART_HEIGHT_REM = 17;

function StatusChart({ attempts }: { attempts: readonly AttemptPoint[] }): ReactNode {
  const data = useMemo(() => statusSeries(attempts), [attempts]);
  // Options depend only on which codes appear, so streaming points do not rebuild the chart.
  const shape = `${data.rows.join(',')}|${data.series.map((series) => series.status).join(',')}`;
  const options = useMemo(() => {
    const [rows = '', seen = ''] = shape.split('|');
    const codes = (list: string): number[] => (list === '' ? [] : list.split(',').map(Number));
    return statusChartOptions(codes(rows), codes(seen));
  }, [shape]);
  return (
    <figure className="attack-chart" data-testid="attack-chart" data-chart="status">
      <figcaption>
        Status code of every attempt, in order <span className="muted">({describeStatuses(attempts)})</span>
      </figcaption>
      <UPlotChart options={options} data={[data.attempts, ...data.series.map((series) => series.values)]} shape={shape} heightRem={CHART_HEIGHT_REM} />
    </figure>
  );
}

function BurstChart({ attempts }: { attempts: readonly AttemptPoint[] }): ReactNode {
  const data = useMemo(() => burstSeries(attempts), [attempts]);
  // Rebuilt only when a new code or the right password's answer appears, not for every streamed point.
  const shape = `${data.rows.join(',')}|${data.wrong.map((series) => series.status).join(',')}|${data.rightStatus ?? ''}`;
  const options = useMemo(() => {
    const [rows = '', wrong = '', right = ''] = shape.split('|');
    const codes = (list: string): number[] => (list === '' ? [] : list.split(',').map(Number));
    return burstChartOptions(codes(rows), codes(wrong), right === '' ? undefined : Number(right));
  }, [shape]);
  return (
    <figure className="attack-chart" data-testid="attack-chart" data-chart="burst">
      <figcaption>
        Every guess of the burst by how long its answer took: a lock answers at once, a checked password waits for the hash. The ring is the right password.{' '}
        <span className="muted">({describeBurst(attempts)})</span>
      </figcaption>
      <UPlotChart options={options} data={[data.responseMs, ...data.wrong.map((series) => series.values), data.right]} shape={shape} heightRem={CHART_HEIGHT_REM} />
    </figure>
  );
}

/** Empty bins draw nothing, not a flat bar. */
function bars(counts: readonly number[]): (number | null)[] {
  return counts.map((count) => (count === 0 ? null : count));
}

function TimingChart({ samples }: { samples: TimingSamples }): ReactNode {
  const histogram = useMemo(() => binTimings(samples), [samples]);
  const firstMs = histogram.binCentresMs[0] ?? 0;
  const lastMs = histogram.binCentresMs.at(-1) ?? 1;
  const { binWidthMs } = histogram;
  const options = useMemo(() => timingChartOptions({ firstMs, lastMs, binWidthMs }), [firstMs, lastMs, binWidthMs]);
  const shape = `${histogram.binCentresMs.length}:${firstMs}:${binWidthMs}`;
  const median = (values: number[]): string => `${Math.round(medianMs(values) * 10) / 10} ms`;
  return (
    <figure className="attack-chart" data-testid="attack-chart" data-chart="timing">
      <figcaption>
        How long failed logins took: known user (median {median(samples.knownUserMs)}, {samples.knownUserMs.length} samples) against unknown names (median{' '}
        {median(samples.unknownUserMs)}, {samples.unknownUserMs.length} samples). Two humps apart give the users away; one shared hump does not.
      </figcaption>
      <UPlotChart options={options} data={[histogram.binCentresMs, bars(histogram.knownUser), bars(histogram.unknownUser)]} shape={shape} heightRem={CHART_HEIGHT_REM} />
    </figure>
  );
}

/** The chart that tells this attack's story: codes over attempts, the burst, timing humps, the cracked dump, or the sniffed wire. */
export function AttackChart({ run }: { run: AttackRun }): ReactNode {
  const timing = useMemo(() => run.result?.series.timing ?? timingFromAttempts(run.attempts), [run.result, run.attempts]);
  if (run.attack === 'breach-crack') return run.result ? <CrackSummary result={run.result} /> : null;
  if (run.attack === 'basic-sniffing' && run.result?.wire) return <WireView wire={run.result.wire} />;
  if (run.attack === 'parallel-guessing') return run.attempts.length === 0 ? null : <BurstChart attempts={run.attempts} />;
  if (run.attack === 'timing-enumeration') {
    return timing.knownUserMs.length + timing.unknownUserMs.length === 0 ? null : <TimingChart samples={timing} />;
  }
  return run.attempts.length === 0 ? null : <StatusChart attempts={run.attempts} />;
}
