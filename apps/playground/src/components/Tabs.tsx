import { Suspense, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab {
  id: string;
  label: string;
  render: () => ReactNode;
}

/** The tab `key` moves focus to, or undefined for a key tabs leave alone. */
function targetIndex(key: string, index: number, count: number): number | undefined {
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

/**
 * WAI-ARIA tabs: arrow keys, Home and End move between tabs, only the active panel is rendered.
 * A panel that is still loading suspends inside its own boundary, so the tab list (and the tab
 * the keyboard is on) stays on the page instead of being swapped for a fallback.
 */
export function Tabs({ tabs, label }: { tabs: readonly Tab[]; label: string }): ReactNode {
  const [active, setActive] = useState(tabs[0]?.id);
  const prefix = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const current = tabs.find((tab) => tab.id === active) ?? tabs[0];

  function onKeyDown(event: KeyboardEvent, index: number): void {
    const next = targetIndex(event.key, index, tabs.length);
    if (next === undefined) return;
    event.preventDefault();
    setActive(tabs[next]?.id);
    buttons.current[next]?.focus();
  }

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label}>
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            role="tab"
            type="button"
            id={`${prefix}-tab-${tab.id}`}
            aria-selected={tab.id === current?.id}
            aria-controls={`${prefix}-panel`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => setActive(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${prefix}-panel`} aria-labelledby={`${prefix}-tab-${current?.id ?? ''}`} tabIndex={0}>
        <Suspense fallback={<p className="muted">Loading {current?.label}…</p>}>{current?.render()}</Suspense>
      </div>
    </div>
  );
}
