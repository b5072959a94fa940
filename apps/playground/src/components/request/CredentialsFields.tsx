import { useId, type ReactNode } from 'react';
import type { Credentials } from '../../lib/presets-context.ts';

/** The username and password the presets use. Shown in clear on purpose: they are made up. */
export function CredentialsFields({ value, onChange }: { value: Credentials; onChange: (value: Credentials) => void }): ReactNode {
  const id = useId();
  return (
    <fieldset className="credentials">
      <legend>Account the presets use</legend>
      <div className="credentials-fields">
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          id={`${id}-username`}
          data-testid="credential-username"
          value={value.username}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange({ ...value, username: event.target.value })}
        />
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          data-testid="credential-password"
          type="text"
          value={value.password}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint`}
          onChange={(event) => onChange({ ...value, password: event.target.value })}
        />
      </div>
      <p id={`${id}-hint`} className="hint">
        Made up and shown in clear on purpose: never type a real password into a lab.
      </p>
    </fieldset>
  );
}
