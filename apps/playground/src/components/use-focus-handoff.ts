import { useEffect, useRef, type RefObject } from 'react';

/**
 * Keyboard users keep their place through a run: once it starts, focus on its Run button moves
 * to Stop, and once it ends, focus on Stop (or lost with it, when Stop goes away) moves back to
 * Run. Without it, a button that becomes unusable drops focus to the page.
 */
export function useFocusHandoff(running: boolean, runButton: RefObject<HTMLButtonElement | null>, stopButton: RefObject<HTMLButtonElement | null>): void {
  const wasRunning = useRef(running);
  useEffect(() => {
    const focusLost = document.activeElement === document.body || document.activeElement === stopButton.current;
    if (running && !wasRunning.current && document.activeElement === runButton.current) stopButton.current?.focus();
    if (!running && wasRunning.current && focusLost) runButton.current?.focus();
    wasRunning.current = running;
  }, [running, runButton, stopButton]);
}
