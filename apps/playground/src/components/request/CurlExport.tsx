import { useEffect, useId, useState, type ReactNode } from 'react';
import type { RequestSpec } from '../../api/types.ts';
import { toCurl } from '../../lib/curl.ts';

type CopyState = { command: string; outcome: 'copied' | 'failed' } | undefined;

/**
 * The request in the builder as a curl command, with the full Authorization header. The
 * clipboard may be unavailable (plain http off localhost), so the command is always shown too.
 */
export function CurlExport({ spec }: { spec: RequestSpec }): ReactNode {
  const id = useId();
  const command = toCurl(spec, { origin: window.location.origin });
  const [copy, setCopy] = useState<CopyState>();
  const outcome = copy?.command === command ? copy.outcome : undefined;

  useEffect(() => {
    if (copy === undefined) return;
    const timer = window.setTimeout(() => setCopy(undefined), 4000);
    return () => window.clearTimeout(timer);
  }, [copy]);

  async function copyCommand(): Promise<void> {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    try {
      if (clipboard === undefined) throw new Error('no clipboard');
      await clipboard.writeText(command);
      setCopy({ command, outcome: 'copied' });
    } catch {
      setCopy({ command, outcome: 'failed' });
    }
  }

  return (
    <section className="curl-export" aria-labelledby={`${id}-heading`}>
      <div className="section-bar">
        <h3 id={`${id}-heading`}>As curl</h3>
        <button type="button" className="button-quiet" data-testid="copy-curl" onClick={() => void copyCommand()}>
          {outcome === 'copied' ? 'Copied' : 'Copy as curl'}
        </button>
        <span role="status" aria-live="polite" className="hint">
          {outcome === 'copied' && 'Copied to the clipboard.'}
          {outcome === 'failed' && 'The clipboard is not available here: select the command below and copy it.'}
        </span>
      </div>
      <pre className="block curl-command" data-testid="curl-command" tabIndex={0} aria-label="The request as a curl command">
        {command}
      </pre>
    </section>
  );
}
