import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { LessonContent } from '../../content/course.ts';
import { highlight } from '../Markdown.tsx';
import { fileName } from './stage-diff.ts';

// `diff`, react-diff-view and its CSS arrive with this chunk, only when a diff is first shown.
const DiffView = lazy(() => import('./DiffView.tsx').then((module) => ({ default: module.DiffView })));

type View = 'diff' | 'full';

function FullFile({ file, text }: { file: string; text: string }): ReactNode {
  return (
    <figure className="code-block code-full" data-testid="code-full">
      <figcaption>{file}</figcaption>
      <pre className="language-typescript" tabIndex={0} aria-label={`Source of ${fileName(file)}`}>
        {/* Prism escapes the code; the text is our own stage file, bundled at build time. */}
        <code dangerouslySetInnerHTML={{ __html: highlight(text, 'ts') }} />
      </pre>
    </figure>
  );
}

/** The stage's source as the server runs it, and what changed since the previous stage: the lesson in code. */
export function CodePanel({ source }: { source: NonNullable<LessonContent['source']> }): ReactNode {
  const previous = source.previous;
  const [view, setView] = useState<View>(previous ? 'diff' : 'full');
  const current = { file: source.file, text: source.text };

  return (
    <section className="code-panel" aria-labelledby="code-heading">
      <h2 id="code-heading">The code</h2>
      {previous ? (
        <>
          <p>This is the real file the server runs for this stage. The diff shows exactly what this lesson changes compared with {fileName(previous.file)}.</p>
          <div className="segmented" role="group" aria-label="Show">
            <button type="button" aria-pressed={view === 'diff'} onClick={() => setView('diff')}>
              Diff vs previous stage
            </button>
            <button type="button" aria-pressed={view === 'full'} onClick={() => setView('full')}>
              Full file
            </button>
          </div>
        </>
      ) : (
        <p>This is the real file the server runs for this stage. It is the first stage, so there is nothing to compare with yet.</p>
      )}
      {view === 'diff' && previous ? (
        <Suspense fallback={<p className="muted">Loading the diff…</p>}>
          <DiffView previous={previous} current={current} />
        </Suspense>
      ) : (
        <FullFile file={source.file} text={source.text} />
      )}
    </section>
  );
}
