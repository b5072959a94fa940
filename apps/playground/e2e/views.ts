import type { Page } from 'playwright-core';
import type { LabBrowser, OpenOptions } from './browser.ts';

export interface MainView {
  route: string;
  /** The stage tab to open, if any. */
  tab?: string;
  /** For screenshots and test names. */
  name: string;
}

/** Every main view: the intro, each tab of a stage, the two boards and the Your API page. */
export const MAIN_VIEWS: readonly MainView[] = [
  { route: 'intro', name: 'intro' },
  { route: 'plaintext', name: 'stage1-lesson' },
  { route: 'jwt', tab: 'Code & diff', name: 'stage5-code' },
  { route: 'bcrypt', tab: 'Practice checks', name: 'stage3-checks' },
  { route: 'sha256', tab: 'Breach view', name: 'stage2-breach' },
  { route: 'lockout', tab: 'Attack lab', name: 'stage6-attacks' },
  { route: 'jwt', tab: 'Quiz', name: 'stage5-quiz' },
  { route: 'matrix', name: 'score-board' },
  { route: 'attack-matrix', name: 'attack-matrix' },
  { route: 'your-api', name: 'your-api' },
];

/** Opens a main view, its tab if it has one, and waits until the page has settled. */
export async function openView(lab: LabBrowser, view: MainView, options: OpenOptions = {}): Promise<Page> {
  const page = await lab.open(view.route, options);
  await page.locator('h1').first().waitFor();
  if (view.tab !== undefined) {
    await page.getByRole('tab', { name: view.tab }).click();
    await page.getByRole('tabpanel').first().waitFor();
  }
  await page.waitForLoadState('networkidle');
  return page;
}
