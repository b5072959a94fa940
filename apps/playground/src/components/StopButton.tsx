import type { Ref } from 'react';

interface StopButtonProps {
  running: boolean;
  stopping: boolean;
  onStop: () => void;
  /** Focus moves here when a run starts (see useFocusHandoff). */
  ref: Ref<HTMLButtonElement>;
  testId?: string;
}

/**
 * Stops a run. It stays in place and focusable when there is nothing to stop (aria-disabled, not
 * disabled, so focus handed to it is not lost), and says so while the stop takes effect.
 */
export function StopButton({ running, stopping, onStop, ref, testId }: StopButtonProps) {
  return (
    <button
      ref={ref}
      type="button"
      data-testid={testId}
      className="button-quiet button-danger"
      aria-disabled={!running || stopping ? true : undefined}
      onClick={() => running && !stopping && onStop()}
    >
      {stopping ? 'Stopping…' : 'Stop'}
    </button>
  );
}
