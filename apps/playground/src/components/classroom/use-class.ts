import type { ClassSnapshot } from '@authlab/contract';
import { useCallback, useEffect, useState } from 'react';
import { listen, type StreamState } from '../../api/classroom.ts';
import { fetchClass } from '../../api/instructor.ts';

export interface ClassState {
  snapshot: ClassSnapshot | undefined;
  error: Error | undefined;
  stream: StreamState;
  /** Reads the class again at once, after the instructor changed something. */
  refresh: () => void;
}

/**
 * The class as the lab sees it: read once, then kept live by the `class` events. The stream is
 * opened only once the read succeeded: without an instructor session it would only be refused.
 */
export function useClass(): ClassState {
  const [snapshot, setSnapshot] = useState<ClassSnapshot>();
  const [error, setError] = useState<Error>();
  const [stream, setStream] = useState<StreamState>('connecting');

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    fetchClass().then(
      (first) => {
        if (cancelled) return;
        setSnapshot(first);
        stop = listen<ClassSnapshot>('/api/classroom/instructor/events', 'class', { onData: setSnapshot, onState: setStream });
      },
      (caught: unknown) => !cancelled && setError(caught instanceof Error ? caught : new Error(String(caught))),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  const refresh = useCallback(() => {
    fetchClass().then(setSnapshot, () => undefined);
  }, []);

  return { snapshot, error, stream, refresh };
}
