import { useId, useState, type ReactNode } from 'react';
import { formatSpan } from '../../lib/inspect-token.ts';

interface DemoClockProps {
  offsetSeconds: number;
  onForward: () => Promise<void>;
}

/** The stage's demo clock: watch a 15-minute token expire without waiting 15 minutes. */
export function DemoClock({ offsetSeconds, onForward }: DemoClockProps): ReactNode {
  const id = useId();
  const [busy, setBusy] = useState(false);

  async function forward(): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      await onForward();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="demo-clock" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Demo clock</h3>
      <p>
        This stage's clock is <strong data-testid="clock-offset">{offsetSeconds === 0 ? 'on real time' : `${formatSpan(offsetSeconds)} ahead`}</strong>. Tokens expire by it.
      </p>
      <button type="button" data-testid="clock-forward" aria-disabled={busy ? true : undefined} onClick={() => void forward()}>
        Fast-forward 15 min
      </button>
      <p className="hint">Only this stage's clock moves, and only from this machine. Reset stage puts it back.</p>
    </section>
  );
}
