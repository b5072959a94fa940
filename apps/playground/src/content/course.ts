/**
 * The course as the playground shows it: navigation, and lazy loaders for lesson text,
 * flowcharts, quizzes and the real stage source files (bundled at build time, never copied).
 */
import { STAGE_IDS, stageSlug, type StageId } from '@authlab/contract';
import { resolveIncludes, stripRegionMarkers } from './regions.ts';

/**
 * `matrix`: a board across all six stages (score board, attack matrix), not a lesson to read.
 * `tool`: a page of its own that needs no stage, such as the checks against the learner's API.
 */
export type PageKind = 'lesson' | 'stage' | 'exercise' | 'matrix' | 'tool';

export interface Page {
  /** Route id: `#/<id>`. Stage pages use the stage id. */
  id: string;
  kind: PageKind;
  title: string;
  /** Folder under lessons/ (absent for the boards). */
  folder?: string;
  /** Stage source file name under apps/server/src/stages/. */
  sourceFile?: string;
}

/** Short enough for the navigation; the stage's own title is on its page. */
const STAGE_TITLES = { plaintext: 'Plain text', sha256: 'SHA-256', bcrypt: 'bcrypt', basic: 'Basic Auth', jwt: 'JWT', lockout: 'Lockout' } satisfies Record<StageId, string>;

export const PAGES: readonly Page[] = [
  { id: 'intro', kind: 'lesson', title: 'Introduction', folder: '00-intro' },
  ...STAGE_IDS.map((id, index): Page => ({ id, kind: 'stage', title: `${index + 1} · ${STAGE_TITLES[id]}`, folder: stageSlug(id), sourceFile: `${stageSlug(id)}.ts` })),
  { id: 'challenge', kind: 'exercise', title: 'Challenge', folder: 'challenge' },
  { id: 'mini-project', kind: 'exercise', title: 'Mini project', folder: 'mini-project' },
  { id: 'whats-next', kind: 'lesson', title: "What's next", folder: '99-whats-next' },
  { id: 'matrix', kind: 'matrix', title: 'Score board' },
  { id: 'attack-matrix', kind: 'matrix', title: 'Attack matrix' },
  { id: 'your-api', kind: 'tool', title: 'Your API' },
];

export function findPage(id: string): Page | undefined {
  return PAGES.find((page) => page.id === id);
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  choices: string[];
  answer: number;
  explanation: string;
}

export interface LessonContent {
  page: Page;
  /** The lesson's own `# title`, lifted out of the markdown so the page has one h1. */
  title: string;
  /** Markdown with the title removed and code includes resolved. */
  markdown: string;
  flowchart?: string;
  quiz: QuizQuestion[];
  /** The stage's source as it runs on the server, and the previous stage's, for the diff. */
  source?: { file: string; text: string; previous?: { file: string; text: string } };
}

type Loader<T> = () => Promise<T>;
const lessonFiles = import.meta.glob<string>(['../../../../lessons/*/lesson.md', '../../../../lessons/*/README.md'], {
  query: '?raw',
  import: 'default',
});
const flowFiles = import.meta.glob<string>('../../../../lessons/*/flow.mmd', { query: '?raw', import: 'default' });
const quizFiles = import.meta.glob<{ questions: QuizQuestion[] }>('../../../../lessons/*/quiz.json', { import: 'default' });
const stageSources = import.meta.glob<string>('../../../server/src/stages/0*.ts', { query: '?raw', import: 'default' });

const LESSONS = '../../../../lessons/';
const STAGES = '../../../server/src/stages/';
const REPO_STAGES = 'apps/server/src/stages/';

async function load<T>(loaders: Record<string, Loader<T>>, key: string): Promise<T | undefined> {
  const loader = loaders[key];
  return loader === undefined ? undefined : loader();
}

export async function loadLesson(page: Page): Promise<LessonContent> {
  const folder = page.folder ?? '';
  const markdownFile = page.kind === 'exercise' ? 'README.md' : 'lesson.md';
  const [raw, flowchart, quiz] = await Promise.all([
    load(lessonFiles, `${LESSONS}${folder}/${markdownFile}`),
    load(flowFiles, `${LESSONS}${folder}/flow.mmd`),
    load(quizFiles, `${LESSONS}${folder}/quiz.json`),
  ]);

  // Every stage file, keyed by its repository path, for the lesson's includes.
  const sources: Record<string, string> = {};
  await Promise.all(
    Object.entries(stageSources).map(async ([key, loader]) => {
      sources[`${REPO_STAGES}${key.slice(STAGES.length)}`] = await loader();
    }),
  );

  const { title, body } = splitTitle(raw ?? `# ${page.title}\n\nThis lesson has no text yet.`);
  const content: LessonContent = {
    page,
    title: title ?? page.title,
    markdown: resolveIncludes(body, sources),
    quiz: quiz?.questions ?? [],
    ...(flowchart === undefined ? {} : { flowchart }),
  };
  if (page.sourceFile !== undefined) {
    const stagePages = PAGES.filter((candidate) => candidate.kind === 'stage');
    const previous = stagePages[stagePages.indexOf(page) - 1]?.sourceFile;
    const read = (file: string): { file: string; text: string } => ({
      file: `${REPO_STAGES}${file}`,
      text: stripRegionMarkers(sources[`${REPO_STAGES}${file}`] ?? ''),
    });
    content.source = { ...read(page.sourceFile), ...(previous === undefined ? {} : { previous: read(previous) }) };
  }
  return content;
}

/** Separates a leading `# Title` line from the rest of the markdown. */
function splitTitle(markdown: string): { title?: string; body: string } {
  const match = /^\s*# (.+)\n/.exec(markdown);
  if (match === null) return { body: markdown };
  return { title: (match[1] ?? '').replaceAll('`', '').trim(), body: markdown.slice(match[0].length) };
}

/** Maps a link inside lesson markdown to a playground route, or leaves it alone. */
export function lessonHref(href: string): string {
  const match = /(?:^|\/)(\d\d-[\w-]+|challenge|mini-project)\/(?:lesson|README)\.md(#.*)?$/.exec(href);
  if (match === null) return href;
  const folder = match[1] ?? '';
  const page = PAGES.find((candidate) => candidate.folder === folder);
  return page === undefined ? href : `#/${page.id}`;
}
