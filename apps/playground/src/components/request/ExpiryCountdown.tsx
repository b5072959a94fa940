import type { ReactNode } from 'react';
import { describeExpiry, formatSpan } from '../../lib/inspect-token.ts';
import { useNow } from './use-now.ts';

/**
 * `exp` as a live countdown. The server decides by its own clock, and a stage's demo clock may
 * run ahead of this browser's, so the countdown uses server time: now + the demo offset.
 */
export function ExpiryCountdown({ expiresAtSeconds, clockOffsetSeconds }: { expiresAtSeconds: number; clockOffsetSeconds: number }): ReactNode {
  const now = useNow({ intervalMs: 1000, active: true });
  const { expired, text } = describeExpiry(expiresAtSeconds, now + clockOffsetSeconds * 1000);
  return (
    <p className={expired ? 'token-expiry is-expired' : 'token-expiry'}>
      {/* role="timer" is not announced on every tick, which would drown out everything else. */}
      <strong role="timer" data-testid="token-expiry">
        {text}
      </strong>{' '}
      <span className="hint">
        (exp {expiresAtSeconds}, by the server's clock
        {clockOffsetSeconds === 0 ? ', which matches this browser' : `: the demo clock has it ${formatSpan(clockOffsetSeconds)} ahead of this browser`})
      </span>
    </p>
  );
}
