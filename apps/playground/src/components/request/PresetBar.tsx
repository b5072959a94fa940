import { useId, type ReactNode } from 'react';
import type { Preset, PresetGroup } from '../../lib/presets.ts';

const GROUPS: readonly { id: PresetGroup; label: string }[] = [
  { id: 'sign-in', label: 'Sign in' },
  { id: 'use', label: 'Call the API' },
  { id: 'attack', label: 'Try an attack' },
  { id: 'stage', label: 'Stage' },
];

/**
 * Preset buttons, grouped. A preset fills the builder and sends nothing; one that cannot be
 * built yet (no token) stays focusable and says why when pressed.
 */
export function PresetBar({ presets, onPick }: { presets: readonly Preset[]; onPick: (preset: Preset) => void }): ReactNode {
  const id = useId();
  return (
    <section className="presets" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Presets</h3>
      <p className="hint">A preset fills in the request below; nothing is sent until you press Send.</p>
      {GROUPS.map((group) => {
        const members = presets.filter((preset) => preset.group === group.id);
        if (members.length === 0) return null;
        return (
          <div key={group.id} role="group" aria-labelledby={`${id}-${group.id}`} className="preset-group">
            <span id={`${id}-${group.id}`} className="preset-group-label">
              {group.label}
            </span>
            {members.map((preset) => (
              <button
                key={preset.id}
                type="button"
                className="button-quiet preset-button"
                data-testid={`preset-${preset.id}`}
                aria-disabled={preset.spec === undefined ? true : undefined}
                title={preset.explain}
                onClick={() => onPick(preset)}
              >
                {preset.label}
              </button>
            ))}
          </div>
        );
      })}
    </section>
  );
}
