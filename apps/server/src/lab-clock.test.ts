import { describe, expect, it } from 'vitest';
import { createLabClock, isLoopbackAddress } from './lab-clock.ts';

describe('createLabClock', () => {
  it('adds the demo offset to the base clock and forgets it on reset', () => {
    const clock = createLabClock(() => 1_000);
    clock.advanceSeconds(900);
    expect(clock.now()).toBe(901_000);
    expect(clock.offsetSeconds).toBe(900);
    clock.reset();
    expect(clock.now()).toBe(1_000);
  });
});

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.9.9.9'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each([undefined, '10.0.0.5', '::ffff:192.168.1.2', '2001:db8::1', '127.0.0.1.evil'])('refuses %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
