import { lazy, Suspense, useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { StageDescription } from '@authlab/contract';
import { loadLesson, type LessonContent, type Page } from '../content/course.ts';
import { markLessonRead, useProgress } from '../state/progress.ts';
import { useStageHistory } from '../state/session.ts';
import { ActiveMistakes } from './attacks/ActiveMistakes.tsx';
import { Flowchart } from './Flowchart.tsx';
import { PolicySummary } from './PolicySummary.tsx';
import { Tabs, type Tab } from './Tabs.tsx';

// Everything below the page header loads on demand, so the first screen needs only React
// and this shell: markdown, highlighting, the request builder and the checks come after.
const Markdown = lazy(() => import('./Markdown.tsx').then((module) => ({ default: module.Markdown })));
const CodePanel = lazy(() => import('./code/CodePanel.tsx').then((module) => ({ default: module.CodePanel })));
const ChecksPanel = lazy(() => import('./checks/ChecksPanel.tsx').then((module) => ({ default: module.ChecksPanel })));
const BreachPanel = lazy(() => import('./breach/BreachPanel.tsx').then((module) => ({ default: module.BreachPanel })));
const QuizPanel = lazy(() => import('./quiz/QuizPanel.tsx').then((module) => ({ default: module.QuizPanel })));
const RequestPanel = lazy(() => import('./request/RequestPanel.tsx').then((module) => ({ default: module.RequestPanel })));
const AttackPanel = lazy(() => import('./attacks/AttackPanel.tsx').then((module) => ({ default: module.AttackPanel })));

function Loading(): ReactNode {
  return <p className="muted">Loading…</p>;
}

const FIRST_LESSON_PAINT = 'authlab:first-lesson-paint';

export function LessonPage({ page, stage }: { page: Page; stage: StageDescription | undefined }): ReactNode {
  const [content, setContent] = useState<LessonContent>();
  const [, updateProgress] = useProgress();
  const history = useStageHistory(page.id);
  const last = history[0];

  useEffect(() => {
    let cancelled = false;
    void loadLesson(page).then((loaded) => !cancelled && setContent(loaded));
    return () => {
      cancelled = true;
    };
  }, [page, updateProgress]);

  useEffect(() => {
    // Measured by the browser tests: time from navigation to the first lesson on screen.
    if (content !== undefined && performance.getEntriesByName(FIRST_LESSON_PAINT).length === 0) {
      requestAnimationFrame(() => performance.mark(FIRST_LESSON_PAINT));
    }
  }, [content]);

  const markRead = useCallback(() => updateProgress((progress) => markLessonRead(progress, page.id)), [page.id, updateProgress]);

  if (content === undefined) return <p className="muted">Loading {page.title}…</p>;

  const tabs: Tab[] = [
    {
      id: 'lesson',
      label: 'Lesson',
      render: () => (
        <>
          <Markdown text={content.markdown} />
          <LessonEnd onReached={markRead} />
        </>
      ),
    },
  ];
  if (content.source) tabs.push({ id: 'code', label: 'Code & diff', render: () => content.source && <CodePanel source={content.source} /> });
  if (stage) {
    tabs.push({ id: 'checks', label: 'Practice checks', render: () => <ChecksPanel stage={stage} /> });
    tabs.push({ id: 'breach', label: 'Breach view', render: () => <BreachPanel stage={stage} /> });
    tabs.push({ id: 'attacks', label: 'Attack lab', render: () => <AttackPanel stage={stage} /> });
  }
  if (content.quiz.length > 0) {
    tabs.push({ id: 'quiz', label: 'Quiz', render: () => <QuizPanel lesson={page.folder ?? page.id} page={page.id} questions={content.quiz} /> });
  }

  return (
    <article className={stage ? 'stage-page' : 'lesson-page'} aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{stage ? `Stage ${stage.order}: ${stage.title}` : content.title}</h1>
        {stage && (
          <>
            <p className="summary">{stage.summary}</p>
            {stage.id === 'lockout' ? (
              <p className="notice notice-secure">The hardened reference: none of the classic mistakes.</p>
            ) : (
              <p className="notice notice-insecure" role="note">
                Insecure on purpose. Use made-up passwords; this stage exists to be broken.
              </p>
            )}
            <ActiveMistakes stage={stage.id} />
            <PolicySummary policy={stage.policy} />
            <a className="jump-to-try" href="#try-it" onClick={jumpToTry}>
              Try it: send requests ↓
            </a>
          </>
        )}
      </header>
      <div className={stage ? 'stage-columns' : undefined}>
        <section className="stage-main" aria-label="Lesson">
          <Suspense fallback={<Loading />}>
            <Tabs tabs={tabs} label={`${page.title} sections`} />
          </Suspense>
        </section>
        {stage && (
          <aside className="stage-side" id="try-it" aria-label="Try it" tabIndex={-1}>
            {content.flowchart && <Flowchart source={content.flowchart} path={last?.flow ?? []} traceKey={last?.id} />}
            <Suspense fallback={<Loading />}>
              <RequestPanel stage={stage} />
            </Suspense>
          </aside>
        )}
      </div>
    </article>
  );
}

/** The hash router owns `#/…`, so the jump scrolls and moves focus itself instead of changing the hash. */
function jumpToTry(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  const target = document.getElementById('try-it');
  target?.scrollIntoView({ block: 'start' });
  target?.focus({ preventScroll: true });
}

/**
 * The end of the lesson text: a lesson counts as read once this line has been on screen, not
 * when the page merely opened.
 */
function LessonEnd({ onReached }: { onReached: () => void }): ReactNode {
  const marker = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = marker.current;
    if (element === null) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        onReached();
        observer.disconnect();
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onReached]);
  return <div ref={marker} className="lesson-end" data-testid="lesson-end" aria-hidden="true" />;
}
