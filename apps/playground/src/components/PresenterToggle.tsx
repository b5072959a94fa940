import { useEffect, useState, type ReactNode } from 'react';

const KEY = 'authlab.presenter';

/** Larger type for projectors; remembered in this browser. */
export function PresenterToggle(): ReactNode {
  const [on, setOn] = useState(() => localStorage.getItem(KEY) === '1');
  useEffect(() => {
    document.documentElement.dataset.presenter = on ? 'on' : 'off';
    localStorage.setItem(KEY, on ? '1' : '0');
  }, [on]);
  return (
    <button type="button" className="button-quiet" aria-pressed={on} onClick={() => setOn((value) => !value)}>
      {on ? 'Presenter mode: on' : 'Presenter mode'}
    </button>
  );
}
