import { useId, type ReactNode } from 'react';
import { headerRow, type HeaderRow } from './draft.ts';

/** The request's headers as editable name/value rows. */
export function HeaderEditor({ rows, onChange }: { rows: readonly HeaderRow[]; onChange: (rows: HeaderRow[]) => void }): ReactNode {
  const id = useId();
  const update = (key: number, change: Partial<HeaderRow>): void => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <fieldset className="header-editor">
      <legend>Headers</legend>
      {rows.length === 0 && <p className="hint">No headers. Add one, or pick a preset.</p>}
      <ul>
        {rows.map((row, index) => {
          const name = row.name.trim() === '' ? `header ${index + 1}` : row.name;
          return (
            <li key={row.key} className="header-row">
              <label className="visually-hidden" htmlFor={`${id}-name-${row.key}`}>
                Header {index + 1} name
              </label>
              <input
                id={`${id}-name-${row.key}`}
                className="header-name"
                placeholder="Name"
                spellCheck={false}
                value={row.name}
                onChange={(event) => update(row.key, { name: event.target.value })}
              />
              <label className="visually-hidden" htmlFor={`${id}-value-${row.key}`}>
                {name} value
              </label>
              <input
                id={`${id}-value-${row.key}`}
                className="header-value"
                placeholder="Value"
                spellCheck={false}
                value={row.value}
                onChange={(event) => update(row.key, { value: event.target.value })}
              />
              <button type="button" className="button-quiet" onClick={() => onChange(rows.filter((other) => other.key !== row.key))}>
                Remove<span className="visually-hidden"> {name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button-quiet" onClick={() => onChange([...rows, headerRow()])}>
        Add header
      </button>
    </fieldset>
  );
}
