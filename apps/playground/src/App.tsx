import type { StageDescription } from '@authlab/contract';
import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { fetchStages } from './api/client.ts';
import { LessonPage } from './components/LessonPage.tsx';
import { Navigation } from './components/Navigation.tsx';
import { PresenterToggle } from './components/PresenterToggle.tsx';
import { ProgressMenu } from './components/ProgressMenu.tsx';
import { findPage, PAGES } from './content/course.ts';
import { parseClassroomRoute, type ClassroomRoute } from './lib/classroom-routes.ts';
import { useRoute } from './router.ts';
import { useClassroomStatus } from './state/classroom.ts';

/** The boards across all stages, each loaded when first opened. */
const BOARDS: Readonly<Record<string, LazyExoticComponent<ComponentType<{ stages: readonly StageDescription[] }>>>> = {
  matrix: lazy(() => import('./components/checks/MatrixView.tsx').then((module) => ({ default: module.MatrixView }))),
  'attack-matrix': lazy(() => import('./components/attacks/AttackMatrixView.tsx').then((module) => ({ default: module.AttackMatrixView }))),
};

/** Pages that need no stage, each loaded when first opened. */
const TOOLS: Readonly<Record<string, LazyExoticComponent<ComponentType>>> = {
  'your-api': lazy(() => import('./components/your-api/YourApiPage.tsx').then((module) => ({ default: module.YourApiPage }))),
};

/** What a classroom adds, loaded only in a classroom: a local lab's first bundle stays as it was. */
const WorkspaceBadge = lazy(() => import('./components/classroom/WorkspaceBadge.tsx').then((module) => ({ default: module.WorkspaceBadge })));
const ClassroomNotices = lazy(() => import('./components/classroom/ClassroomNotices.tsx').then((module) => ({ default: module.ClassroomNotices })));
const JoinPage = lazy(() => import('./components/classroom/JoinPage.tsx').then((module) => ({ default: module.JoinPage })));
const ResumePage = lazy(() => import('./components/classroom/ResumePage.tsx').then((module) => ({ default: module.ResumePage })));
const InstructorPage = lazy(() => import('./components/classroom/InstructorPage.tsx').then((module) => ({ default: module.InstructorPage })));

const CLASSROOM_TITLES: Readonly<Record<ClassroomRoute['kind'], string>> = { join: 'Join the class', resume: 'Open your workspace', instructor: 'Instructor dashboard' };

export function App(): ReactNode {
  const route = useRoute('intro');
  const classroom = useClassroomStatus();
  const inClassroom = classroom?.mode === 'classroom' ? classroom : undefined;
  // A local lab has no classroom pages: their routes fall back to the introduction, as before.
  const classroomRoute = classroom?.mode === 'local' ? undefined : parseClassroomRoute(route);
  const page = classroomRoute === undefined ? (findPage(route) ?? PAGES[0]) : undefined;
  const joined = inClassroom?.learner != null;
  const [stages, setStages] = useState<StageDescription[]>();
  const [error, setError] = useState<string>();
  // Before joining, the stages refuse this browser (401): the join notice says why, not an error.
  const shownError = inClassroom !== undefined && !joined ? undefined : error;
  const Board = page?.kind === 'matrix' ? BOARDS[page.id] : undefined;
  const Tool = page?.kind === 'tool' ? TOOLS[page.id] : undefined;

  useEffect(() => {
    fetchStages().then(
      (loaded) => {
        setStages(loaded);
        setError(undefined);
      },
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
    );
    // In a classroom the stages answer members only: read them again once this browser has joined.
  }, [joined]);

  const title = classroomRoute === undefined ? page?.title : CLASSROOM_TITLES[classroomRoute.kind];
  useEffect(() => {
    document.title = title ? `${title} · AuthLab` : 'AuthLab';
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [title]);

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
          {inClassroom?.learner && (
            <Suspense fallback={null}>
              <WorkspaceBadge learner={inClassroom.learner} idleDeleteHours={inClassroom.idleDeleteHours} />
            </Suspense>
          )}
          <ProgressMenu />
          <PresenterToggle />
        </div>
      </header>
      <div className="layout">
        <Navigation current={page?.id ?? ''} stages={stages} />
        <main id="main" tabIndex={-1}>
          {shownError && (
            <p role="alert" className="error-banner">
              Cannot reach the lesson server ({shownError}). Is <code>npm start</code> still running?
            </p>
          )}
          {inClassroom && (
            <Suspense fallback={null}>
              <ClassroomNotices
                current={page?.id}
                joined={joined}
                joinOpen={inClassroom.joinOpen}
                instructor={inClassroom.instructor}
                follow={inClassroom.follow}
                stageTitle={(id) => {
                  const stage = stages?.find((candidate) => candidate.id === id);
                  return stage && `Stage ${stage.order}: ${stage.title}`;
                }}
              />
            </Suspense>
          )}
          {classroomRoute !== undefined ? (
            <Suspense fallback={<p className="muted">Loading…</p>}>
              {inClassroom === undefined ? (
                <p className="muted">Loading…</p>
              ) : classroomRoute.kind === 'join' ? (
                <JoinPage code={classroomRoute.code} joinOpen={inClassroom.joinOpen} joinedAs={inClassroom.learner?.displayName} />
              ) : classroomRoute.kind === 'resume' ? (
                <ResumePage joinedAs={inClassroom.learner?.displayName} />
              ) : (
                <InstructorPage />
              )}
            </Suspense>
          ) : Tool ? (
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
