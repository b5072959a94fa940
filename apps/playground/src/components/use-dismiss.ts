import { useEffect, type RefObject } from 'react';

/**
 * Closes an open header panel on Escape (focus back on its toggle, so the keyboard user keeps
 * their place) and on a press anywhere outside it.
 */
export function useDismiss(options: { open: boolean; close: () => void; wrapper: RefObject<HTMLElement | null>; toggle: RefObject<HTMLElement | null> }): void {
  const { open, close, wrapper, toggle } = options;
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      close();
      toggle.current?.focus();
    };
    const onPointer = (event: PointerEvent): void => {
      if (event.target instanceof Node && !wrapper.current?.contains(event.target)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open, close, wrapper, toggle]);
}
