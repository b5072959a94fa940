import type { ReactNode } from 'react';
import type { StageDescription } from '@authlab/contract';
import { PAGES } from '../content/course.ts';
import { useProgress } from '../state/progress.ts';

export function Navigation({ current, stages }: { current: string; stages: readonly StageDescription[] | undefined }): ReactNode {
  const [progress] = useProgress();
  return (
    <nav className="sidebar" aria-label="Lessons">
      <ol>
        {PAGES.map((page) => {
          const stage = stages?.find((candidate) => candidate.id === page.id);
          const insecure = page.kind === 'stage' && page.id !== 'lockout';
          const read = progress.lessonsRead.includes(page.id);
          return (
            <li key={page.id}>
              <a href={`#/${page.id}`} aria-current={page.id === current ? 'page' : undefined} title={stage?.summary}>
                <span>{page.title}</span>
                {insecure && (
                  <span className="badge badge-insecure" title="Insecure on purpose">
                    insecure
                  </span>
                )}
                {page.id === 'lockout' && <span className="badge badge-secure">hardened</span>}
                {read && (
                  <span className="read-mark" aria-label="read">
                    ✓
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
