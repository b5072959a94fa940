import type { StageDescription } from '@authlab/contract';
import { useCallback, useEffect, useState } from 'react';
import { advanceStageClock, fetchStage } from '../../api/client.ts';
import { useStageResetting } from '../../state/lab-activity.ts';

export interface StageClock {
  /** How far the stage's demo clock is ahead of real time. */
  offsetSeconds: number;
  /** Reads the offset again from the server (after a reset, say). */
  refresh(): Promise<void>;
  advance(options: { advanceSeconds: number }): Promise<void>;
}

/**
 * The stage's demo clock as the server has it. Tokens expire by the server's clock, so
 * countdowns add this offset to the browser's time.
 */
export function useStageClock(stage: StageDescription): StageClock {
  const [offsetSeconds, setOffsetSeconds] = useState(stage.lab.clockOffsetSeconds);
  const refresh = useCallback(async (): Promise<void> => {
    setOffsetSeconds((await fetchStage(stage.id)).lab.clockOffsetSeconds);
  }, [stage.id]);
  const advance = useCallback(
    async (options: { advanceSeconds: number }): Promise<void> => {
      setOffsetSeconds(await advanceStageClock(stage.id, options));
    },
    [stage.id],
  );
  const resetting = useStageResetting(stage.id);
  useEffect(() => {
    // The stage list may have been fetched before another tab moved the clock, and a check or
    // attack run resets it and may move it: read it again once a run is over.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the offset lives on the server; refresh sets it after the fetch
    if (!resetting) refresh().catch(() => undefined);
  }, [refresh, resetting]);
  return { offsetSeconds, refresh, advance };
}
