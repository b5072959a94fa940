/**
 * Whether the server's answer about a token still describes it. The answer was true when it was
 * given; a token's `exp` or a moved demo clock can make the same request answer differently now.
 * Pure: the token inspector renders what this returns.
 */
import { formatSpan } from './inspect-token.ts';

/** A moment as the token inspector saw it: this browser's time and the stage's demo clock offset. */
export interface ClockReading {
  atMs: number;
  clockOffsetSeconds: number;
}

export type Freshness = { stale: false } | { stale: true; reason: string };

/** The server's time at that moment: the demo clock runs ahead of the browser by its offset. */
function serverMs(reading: ClockReading): number {
  return reading.atMs + reading.clockOffsetSeconds * 1000;
}

/**
 * Stale when the demo clock moved (forward, or back by a reset) since the check, or when the
 * token's `exp` fell between the check and now: the server decides by its own clock.
 */
export function verdictFreshness(checked: ClockReading, now: ClockReading, expiresAtSeconds: number | undefined): Freshness {
  const movedSeconds = now.clockOffsetSeconds - checked.clockOffsetSeconds;
  if (movedSeconds !== 0) {
    const direction = movedSeconds > 0 ? `forward ${formatSpan(movedSeconds)}` : `back ${formatSpan(movedSeconds)}`;
    return { stale: true, reason: `the demo clock moved ${direction} since this answer` };
  }
  if (expiresAtSeconds !== undefined) {
    const expiresAtMs = expiresAtSeconds * 1000;
    if (serverMs(checked) < expiresAtMs && expiresAtMs <= serverMs(now)) {
      return { stale: true, reason: 'the token has expired since this answer' };
    }
  }
  return { stale: false };
}
