import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.ts';

describe('systemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the current time in milliseconds since the epoch', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05.678Z'));

    expect(systemClock()).toBe(Date.UTC(2030, 0, 2, 3, 4, 5, 678));
  });

  it('follows the system time when it changes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000);
    const first = systemClock();
    vi.setSystemTime(61_000);

    expect(systemClock() - first).toBe(60_000);
  });
});
