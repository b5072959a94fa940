import { summariseApiDescription } from '@authlab/checks';
import type { ApiDescriptionRead } from '@authlab/contract';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { ProblemList } from './ProblemList.tsx';

/** What the CLI accepts too: a description is a page of YAML, not a file of megabytes. */
const MAX_DESCRIPTION_BYTES = 64 * 1024;

interface DescriptionFieldProps {
  text: string;
  read: ApiDescriptionRead | undefined;
  onChange: (text: string) => void;
}

/** The description, pasted or loaded, checked as it changes: every problem with its place, or what AuthLab understood. */
export function DescriptionField({ text, read, onChange }: DescriptionFieldProps): ReactNode {
  const [fileProblem, setFileProblem] = useState<string>();

  async function load(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    if (file.size > MAX_DESCRIPTION_BYTES) {
      setFileProblem(`${file.name} is larger than ${MAX_DESCRIPTION_BYTES / 1024} KB: not an API description.`);
      return;
    }
    setFileProblem(undefined);
    onChange(await file.text());
  }

  return (
    <section className="your-api-section" aria-labelledby="description-heading">
      <h2 id="description-heading">1 · Describe your API</h2>
      <p>
        Say how to register, log in and reach a protected route, in YAML or JSON: the same file <code>npm run check -- --api my-api.yaml</code> reads. Start from{' '}
        <code>examples/flask-mistakes/api.yaml</code>, or let <code>npm run check -- --init my-api.yaml</code> write a commented one.
      </p>
      <label htmlFor="api-description">API description (YAML or JSON)</label>
      <textarea
        id="api-description"
        data-testid="api-description"
        rows={14}
        spellCheck={false}
        value={text}
        maxLength={MAX_DESCRIPTION_BYTES}
        aria-describedby="description-status"
        onChange={(event) => {
          setFileProblem(undefined);
          onChange(event.target.value);
        }}
      />
      <div className="your-api-file">
        <label htmlFor="api-description-file">Or load a file</label>{' '}
        <input id="api-description-file" type="file" accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml" onChange={(event) => void load(event)} />
      </div>
      {fileProblem && (
        <p role="alert" className="field-problem">
          {fileProblem}
        </p>
      )}
      <DescriptionStatus read={read} />
    </section>
  );
}

function DescriptionStatus({ read }: { read: ApiDescriptionRead | undefined }): ReactNode {
  if (read === undefined) {
    return (
      <p id="description-status" className="muted" aria-live="polite">
        Nothing described yet.
      </p>
    );
  }
  if (!read.ok) {
    const count = read.problems.length;
    return (
      <div data-testid="description-problems">
        <p id="description-status" className="field-problem" aria-live="polite">
          AuthLab cannot use this description yet: {count} problem{count === 1 ? '' : 's'}.
        </p>
        <ProblemList problems={read.problems} />
      </div>
    );
  }
  return (
    <div data-testid="description-summary">
      <p id="description-status" className="field-ok" aria-live="polite">
        Understood{read.description.name ? `: ${read.description.name}` : ''}. The checks will speak to your API like this:
      </p>
      <pre className="block">{summariseApiDescription(read).join('\n')}</pre>
    </div>
  );
}
