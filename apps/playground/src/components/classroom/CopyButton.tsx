import { useState, type ReactNode } from 'react';

/** Copies `text` and says so; the text stays on screen for when the clipboard refuses. */
export function CopyButton({ text, label }: { text: string; label: string }): ReactNode {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <button type="button" className="button-quiet button-small" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="muted">
        {state === 'copied' ? ' Copied.' : state === 'failed' ? ' Could not copy: select the text instead.' : ''}
      </span>
    </>
  );
}
