import type { StageDescription } from '@authlab/contract';
import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { fetchStages } from './api/client.ts';
import { LessonPage } from './components/LessonPage.tsx';
import { Navigation } from './components/Navigation.tsx';
import { PresenterToggle } from './components/PresenterToggle.tsx';
import { ProgressMenu } from './components/ProgressMenu.tsx';
import { findPage, PAGES } from './content/course.ts';
import { useRoute } from './router.ts';

/** The boards across all stages, each loaded when first opened. */
const BOARDS: Readonly<Record<string, LazyExoticComponent<ComponentType<{ stages: readonly StageDescription[] }>>>> = {
  matrix: lazy(() => import('./components/checks/MatrixView.tsx').then((module) => ({ default: module.MatrixView }))),
  'attack-matrix': lazy(() => import('./components/attacks/AttackMatrixView.tsx').then((module) => ({ default: module.AttackMatrixView }))),
};

/** Pages that need no stage, each loaded when first opened. */
const TOOLS: Readonly<Record<string, LazyExoticComponent<ComponentType>>> = {
  'your-api': lazy(() => import('./components/your-api/YourApiPage.tsx').then((module) => ({ default: module.YourApiPage }))),
};

export function App(): ReactNode {
  const route = useRoute('intro');
  const page = findPage(route) ?? PAGES[0];
  const [stages, setStages] = useState<StageDescription[]>();
  const [error, setError] = useState<string>();
  const Board = page?.kind === 'matrix' ? BOARDS[page.id] : undefined;
  const Tool = page?.kind === 'tool' ? TOOLS[page.id] : undefined;

  useEffect(() => {
    fetchStages().then(setStages, (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  }, []);

  useEffect(() => {
    document.title = page ? `${page.title} · AuthLab` : 'AuthLab';
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [page]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <a className="brand" href="#/intro">
          AuthLab
        </a>
        <span className="tagline">Break and fix a real login API</span>
        <div className="header-tools">
          <ProgressMenu />
          <PresenterToggle />
        </div>
      </header>
      <div className="layout">
        <Navigation current={page?.id ?? 'intro'} stages={stages} />
        <main id="main" tabIndex={-1}>
          {error && (
            <p role="alert" className="error-banner">
              Cannot reach the lesson server ({error}). Is <code>npm start</code> still running?
            </p>
          )}
          {Tool ? (
            <Suspense fallback={<p className="muted">Loading {page?.title}…</p>}>
              <Tool />
            </Suspense>
          ) : Board ? (
            stages ? (
              <Suspense fallback={<p className="muted">Loading the {page?.title.toLowerCase()}…</p>}>
                <Board stages={stages} />
              </Suspense>
            ) : (
              <p className="muted">Loading stages…</p>
            )
          ) : (
            page && <LessonPage key={page.id} page={page} stage={stages?.find((stage) => stage.id === page.id)} />
          )}
        </main>
      </div>
    </>
  );
}
