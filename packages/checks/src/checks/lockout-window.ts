import { type Exchange, randomPassword, randomUsername, succeeded } from '@authlab/contract';
import { fail, pass, type Verdict } from '../check.ts';
import { type Probe } from '../probe.ts';

/** The lockout numbers the window proof needs, as a stage publishes them in `policy.lockout`. */
export interface LockoutWindow {
  maxFailures: number;
  /** Failures are forgotten this long after the latest one. */
  windowSeconds: number;
}

/** How far inside, then outside, the published window the last failure falls. */
const MARGIN_SECONDS = 60;

/** What one spaced run got: the right password's answer, or why the clock could not be moved. */
type SpacedRun = { right: Exchange } | { clockRefused: string };

/**
 * Proves the published window on the live stage with its demo clock, from both sides: failures
 * spaced a little less than the window apart still add up to a lock, and failures a little more
 * than the window old are forgotten. Each side is one fresh name and `maxFailures + 1` logins,
 * after a reset, so the rate limit never answers in the lockout's place.
 */
export async function proveLockoutWindow(probe: Probe, { maxFailures, windowSeconds }: LockoutWindow): Promise<Verdict> {
  const early = maxFailures - 1;
  if (early < 1) return pass(`With a lock after ${maxFailures} failure there is no spacing to test, so the window was not tested.`);
  const inside = windowSeconds - MARGIN_SECONDS;
  const outside = windowSeconds + MARGIN_SECONDS;
  const published = `the published window of ${duration(windowSeconds)}`;

  await probe.reset();
  const spaced = await failApart(probe, early, inside);
  if ('clockRefused' in spaced) return pass(`The demo clock could not be moved (${spaced.clockRefused}), so ${published} was not tested.`);
  const spacedRun = `${early} failures, ${duration(inside)} on the demo clock, 1 more failure`;
  if (succeeded(spaced.right)) {
    return fail(`But after ${spacedRun}, the right password logged in: the early failures were forgotten within ${published}.`);
  }
  if (spaced.right.response.status === 429) return fail(`But after ${spacedRun}, a rate limit answered instead of the lockout.`);

  // A reset puts the demo clock back too, so the second run starts from the stage's real time.
  await probe.reset();
  const stale = await failApart(probe, early, outside);
  if ('clockRefused' in stale) return pass(`The demo clock could not be moved (${stale.clockRefused}), so ${published} was not tested.`);
  const staleRun = `${early} failures, ${duration(outside)} on the demo clock, 1 more failure`;
  if (!succeeded(stale.right)) {
    return fail(`But after ${staleRun}, the right password was refused (HTTP ${stale.right.response.status}): failures older than ${published} still counted.`);
  }
  // Leave the stage at its real time rather than two days ahead.
  await probe.reset();
  const measurements = { windowSeconds, spacedSeconds: inside, staleSeconds: outside };
  return pass(
    `The window holds as published (${duration(windowSeconds)} from the latest failure): after ${spacedRun}, the right password was refused (HTTP ${spaced.right.response.status}); ` +
      `on a fresh name, after ${staleRun}, it logged in (HTTP ${stale.right.response.status}).`,
    measurements,
  );
}

/** A fresh name: `failuresBefore` wrong passwords, the demo clock moved `gapSeconds`, one more wrong, then the right one. */
async function failApart(probe: Probe, failuresBefore: number, gapSeconds: number): Promise<SpacedRun> {
  const username = randomUsername();
  const password = randomPassword();
  await probe.register(username, password);
  // The early failures go together: the burst before this proved they all count, and the wait
  // is the stage hashing them side by side rather than one after another.
  await Promise.all(Array.from({ length: failuresBefore }, () => probe.attempt(username, randomPassword())));
  try {
    await probe.advanceClock(gapSeconds);
  } catch (error) {
    // From another machine the lab refuses its demo clock; that leaves the window unproven, not broken.
    return { clockRefused: error instanceof Error ? error.message : String(error) };
  }
  await probe.attempt(username, randomPassword());
  return { right: await probe.attempt(username, password) };
}

/** `86340 s (23 h 59 min)`: exact seconds for the evidence, hours and minutes for the reader. */
function duration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : '', rest > 0 ? `${rest} s` : ''].filter(Boolean);
  return parts.length === 1 && rest === seconds ? `${seconds} s` : `${seconds} s (${parts.join(' ')})`;
}
