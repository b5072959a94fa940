import type { Clock } from '@authlab/auth-core';

/**
 * A stage's clock with an instructor-controlled offset, so a class can watch a 15-minute token
 * expire in seconds. Only the lab's own demo route moves it, and `/reset` puts it back.
 */
export interface LabClock {
  now: Clock;
  advanceSeconds(seconds: number): void;
  reset(): void;
  /** How far the clock is ahead; writable, so processes sharing a stage can agree on it. */
  offsetMs: number;
  readonly offsetSeconds: number;
}

export function createLabClock(base: Clock): LabClock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advanceSeconds(seconds) {
      offsetMs += seconds * 1000;
    },
    reset() {
      offsetMs = 0;
    },
    get offsetMs() {
      return offsetMs;
    },
    set offsetMs(value) {
      offsetMs = value;
    },
    get offsetSeconds() {
      return offsetMs / 1000;
    },
  };
}

/** True when the request comes from this machine; demo controls are refused to anyone else. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const ipv4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return ipv4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}
