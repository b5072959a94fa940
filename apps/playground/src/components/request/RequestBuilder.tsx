import { useId, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { RequestSpec } from '../../api/types.ts';
import { METHODS, pathProblem, type Draft } from './draft.ts';
import { HeaderEditor } from './HeaderEditor.tsx';

interface RequestBuilderProps {
  draft: Draft;
  onChange: (draft: Draft) => void;
  onSend: () => void;
  sending: boolean;
}

/** Method, same-origin path, headers and a raw body, sent exactly as written. */
export function RequestBuilder({ draft, onChange, onSend, sending }: RequestBuilderProps): ReactNode {
  const id = useId();
  const problem = draft.path.trim() === '' ? undefined : pathProblem(draft.path);

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!sending) onSend();
  }

  function sendOnControlEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <form className="request-builder" aria-labelledby={`${id}-heading`} onSubmit={submit}>
      <h3 id={`${id}-heading`}>Request</h3>
      <div className="request-line">
        <label htmlFor={`${id}-method`}>Method</label>
        <select
          id={`${id}-method`}
          data-testid="request-method"
          value={draft.method}
          onChange={(event) => onChange({ ...draft, method: event.target.value as RequestSpec['method'] })}
        >
          {METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
        <label htmlFor={`${id}-path`}>Path</label>
        <input
          id={`${id}-path`}
          data-testid="request-path"
          className="request-path"
          value={draft.path}
          spellCheck={false}
          aria-invalid={problem !== undefined}
          aria-describedby={problem === undefined ? undefined : `${id}-path-problem`}
          onChange={(event) => onChange({ ...draft, path: event.target.value })}
        />
      </div>
      {problem !== undefined && (
        <p id={`${id}-path-problem`} className="field-problem">
          {problem}
        </p>
      )}
      <HeaderEditor rows={draft.headers} onChange={(headers) => onChange({ ...draft, headers })} />
      <label htmlFor={`${id}-body`}>Body</label>
      <textarea
        id={`${id}-body`}
        data-testid="request-body"
        rows={4}
        spellCheck={false}
        value={draft.body}
        aria-describedby={`${id}-body-hint`}
        onChange={(event) => onChange({ ...draft, body: event.target.value })}
        onKeyDown={sendOnControlEnter}
      />
      <p id={`${id}-body-hint`} className="hint">
        {draft.method === 'GET' && draft.body !== '' ? 'A GET request is sent without its body.' : 'Sent as typed, so malformed JSON is allowed. Ctrl+Enter sends.'}
      </p>
      {/* aria-disabled, not disabled: a disabled button would drop keyboard focus mid-request. */}
      <button type="submit" data-testid="send-request" aria-disabled={sending ? true : undefined}>
        {sending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
