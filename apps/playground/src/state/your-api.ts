/**
 * The "Your API" page's last description and URL, kept in this browser only (localStorage), so
 * a learner coming back finds them where they left them.
 */
import { createStore, useStore } from '../lib/store.ts';

export interface YourApiDraft {
  /** The description as typed or loaded: YAML or JSON. */
  description: string;
  url: string;
}

const KEY = 'authlab-your-api';
const EMPTY: YourApiDraft = { description: '', url: 'http://127.0.0.1:8080' };

const draft = createStore<YourApiDraft>(() => {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<YourApiDraft> | null;
    return {
      description: typeof parsed?.description === 'string' ? parsed.description : EMPTY.description,
      url: typeof parsed?.url === 'string' ? parsed.url : EMPTY.url,
    };
  } catch {
    return EMPTY;
  }
});

function updateDraft(change: Partial<YourApiDraft>): void {
  draft.set((previous) => ({ ...previous, ...change }));
  try {
    localStorage.setItem(KEY, JSON.stringify(draft.get()));
  } catch {
    // Storage full or switched off: the page still works, it just forgets on reload.
  }
}

export function useYourApiDraft(): [YourApiDraft, (change: Partial<YourApiDraft>) => void] {
  return [useStore(draft), updateDraft];
}
