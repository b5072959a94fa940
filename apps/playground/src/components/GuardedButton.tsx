import type { ReactNode, Ref } from 'react';

interface GuardedButtonProps {
  /** Nothing to do now: the button says so (aria-disabled) and ignores a press. */
  blocked: boolean;
  onPress: () => void;
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
  testId?: string;
  className?: string;
  title?: string;
}

/**
 * A button that can be unavailable without being `disabled`: a disabled button drops keyboard
 * focus, so pressing Run (and having focus handed to Stop, and back) would lose the learner's place.
 */
export function GuardedButton({ blocked, onPress, children, ref, testId, className, title }: GuardedButtonProps) {
  return (
    <button ref={ref} type="button" data-testid={testId} className={className} title={title} aria-disabled={blocked ? true : undefined} onClick={() => blocked || onPress()}>
      {children}
    </button>
  );
}
