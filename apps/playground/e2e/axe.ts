import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, resolved from node_modules; undefined when it is not installed. */
function axeBundle(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    return undefined;
  }
}

const AXE_BUNDLE = axeBundle();

/** The part of axe's result this test reads (axe-core ships full types; these keep the file compiling without it). */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}
interface AxeWindow {
  axe: { run: (context: Document, options: { resultTypes: string[] }) => Promise<{ violations: AxeViolation[] }> };
}

/** Rules of lower impact that once failed here (issue 12), held to zero as well. */
const ALSO_ENFORCED = ['empty-table-header', 'landmark-unique'];

/**
 * Runs axe-core on the page as it is now and returns its critical and serious violations (and
 * those of ALSO_ENFORCED), one line per node, so a failed assertion says what to fix and where.
 * The page must come from a context opened with `bypassCSP: true`: axe is injected as a script
 * the lab's CSP would refuse.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (AXE_BUNDLE === undefined) throw new Error('axe-core is not installed: add it to apps/playground devDependencies');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_BUNDLE });
  const violations = await page.evaluate(async (alsoEnforced) => {
    const { axe } = window as unknown as AxeWindow;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious' || alsoEnforced.includes(violation.id));
  }, ALSO_ENFORCED);
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.impact ?? ''} ${violation.id} (${violation.help}) at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  );
}
