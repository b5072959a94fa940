import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of docs/architecture.md, enforced: which of our packages each package may
 * import, in its runtime code and in its tests. Package names are read from every `import`,
 * `export … from` and dynamic `import()` in the repository's TypeScript.
 */
const REPO = path.resolve(import.meta.dirname, '../../..');

interface Rule {
  runtime: readonly string[];
  /** Also allowed in tests, test support, browser tests and benchmarks. */
  tests?: readonly string[];
  /**
   * Also allowed in the Node-only files of a browser-safe package: those its own tsconfig.json
   * leaves out of the browser program (the CLI and what only the CLI uses). The browser
   * typecheck follows every import, so page code that reached one of them would not compile.
   */
  node?: readonly string[];
}

const RULES: Readonly<Record<string, Rule>> = {
  'packages/contract': { runtime: [] },
  'packages/auth-core': { runtime: ['contract'] },
  'packages/lab-files': { runtime: ['contract'] },
  'packages/checks': { runtime: ['contract'], node: ['lab-files'], tests: ['lab-files'] },
  'packages/attacks': { runtime: ['contract'], node: ['lab-files'] },
  'apps/server': { runtime: ['auth-core', 'lab-files', 'contract'], tests: ['checks', 'attacks'] },
  'apps/playground': { runtime: ['contract', 'checks', 'attacks'], tests: ['auth-core'] },
  lessons: { runtime: ['contract', 'checks', 'auth-core', 'lab-files'], tests: ['server'] },
  examples: { runtime: [], tests: ['contract', 'checks', 'lab-files', 'attacks'] },
};

/** `from '…'`, a bare `import '…'`, `import('…')`, `require('…')` and `vi.mock('…')`, either quote. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bmock\s*\(\s*)['"]@authlab\/([a-z-]+)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [full] : [];
  });
}

/** Tests, their support code, browser tests and benchmarks: code that runs only while we check the product. */
function isTestCode(file: string): boolean {
  return /\.test\.tsx?$|\.e2e\.ts$|\/(test|test-support|e2e|bench)\//.test(file) || /vitest[^/]*\.config\.ts$/.test(file);
}

/** The files and folders a package's tsconfig.json excludes by name (globs are its tests), repository-relative. */
function excludedFromBrowserProgram(pkg: string): string[] {
  // tsconfig.json allows comments; ours only use whole-line ones.
  const text = readFileSync(path.join(REPO, pkg, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const exclude = (JSON.parse(text) as { exclude?: string[] }).exclude ?? [];
  return exclude.filter((entry) => !entry.includes('*')).map((entry) => path.join(pkg, entry));
}

function violations(): string[] {
  const found: string[] = [];
  for (const [pkg, rule] of Object.entries(RULES)) {
    const nodeOnly = rule.node === undefined ? [] : excludedFromBrowserProgram(pkg);
    for (const file of sourceFiles(path.join(REPO, pkg))) {
      const relative = path.relative(REPO, file);
      const isNodeOnly = nodeOnly.some((excluded) => relative === excluded || relative.startsWith(`${excluded}/`));
      const allowed = new Set([...rule.runtime, ...(isTestCode(relative) ? (rule.tests ?? []) : []), ...(isNodeOnly ? (rule.node ?? []) : [])]);
      for (const [, imported = ''] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        if (!allowed.has(imported)) found.push(`${relative} imports @authlab/${imported}`);
      }
    }
  }
  return found;
}

describe('the import rules of docs/architecture.md', () => {
  it('hold for every file in the repository', () => {
    expect(violations()).toEqual([]);
  });

  it('cover every package in the workspace', () => {
    const workspaces = ['packages', 'apps'].flatMap((dir) => readdirSync(path.join(REPO, dir)).map((name) => `${dir}/${name}`));
    expect([...workspaces, 'lessons', 'examples'].sort()).toEqual(Object.keys(RULES).sort());
  });

  it('finds the Node-only files of the browser-safe packages where their tsconfig.json leaves them out', () => {
    expect(excludedFromBrowserProgram('packages/attacks')).toEqual(expect.arrayContaining(['packages/attacks/src/cli.ts', 'packages/attacks/src/own-api.ts']));
    expect(excludedFromBrowserProgram('packages/checks')).toEqual(expect.arrayContaining(['packages/checks/src/cli.ts', 'packages/checks/src/own-api.ts']));
  });

  it('would catch a forbidden import (the scan reads what it should)', () => {
    // Spelled in pieces, so that this file's own scan does not find these imports.
    const scope = '@authlab';
    const sample = [
      `import { runChecks } from '${scope}/checks';`,
      `export type { Exchange } from "${scope}/contract";`,
      `const lab = await import('${scope}/server');`,
      `import '${scope}/attacks';`,
      `vi.mock('${scope}/auth-core');`,
    ].join('\n');
    expect([...sample.matchAll(IMPORT)].map((match) => match[1])).toEqual(['checks', 'contract', 'server', 'attacks', 'auth-core']);
  });
});
