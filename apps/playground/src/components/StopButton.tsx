import type { Ref } from 'react';
import { GuardedButton } from './GuardedButton.tsx';

interface StopButtonProps {
  running: boolean;
  stopping: boolean;
  onStop: () => void;
  /** Focus moves here when a run starts (see useFocusHandoff). */
  ref: Ref<HTMLButtonElement>;
  testId?: string;
}

/** Stops a run. It stays in place and focusable when there is nothing to stop, and says so while the stop takes effect. */
export function StopButton({ running, stopping, onStop, ref, testId }: StopButtonProps) {
  return (
    <GuardedButton ref={ref} testId={testId} className="button-quiet button-danger" blocked={!running || stopping} onPress={onStop}>
      {stopping ? 'Stopping…' : 'Stop'}
    </GuardedButton>
  );
}
