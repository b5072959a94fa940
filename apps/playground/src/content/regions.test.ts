import { describe, expect, it } from 'vitest';
import { extractRegion, findIncludes, resolveIncludes, stripRegionMarkers } from './regions.ts';

const source = [
  'function createRouter() {',
  '  // #region login',
  "  router.post('/login', handler);",
  '  if (x) {',
  '    deny();',
  '  }',
  '  // #endregion',
  '  // #region other',
  '  other();',
  '  // #endregion',
  '}',
].join('\n');

describe('extractRegion', () => {
  it('returns the lines between the markers, dedented', () => {
    expect(extractRegion(source, 'login')).toBe("router.post('/login', handler);\nif (x) {\n  deny();\n}");
  });

  it('returns undefined for a region that does not exist', () => {
    expect(extractRegion(source, 'refresh')).toBeUndefined();
  });
});

describe('resolveIncludes', () => {
  const file = 'apps/server/src/stages/01-plaintext.ts';

  it('replaces a directive with a fenced block captioned with its file and region', () => {
    const markdown = `Before\n\n<!-- include: ${file}#login -->\n\nAfter`;
    expect(findIncludes(markdown)).toEqual([{ file, region: 'login' }]);
    expect(resolveIncludes(markdown, { [file]: source })).toBe(
      `Before\n\n\`\`\`ts title="${file} · login"\nrouter.post('/login', handler);\nif (x) {\n  deny();\n}\n\`\`\`\n\nAfter`,
    );
  });

  it('turns a directive that points nowhere into a visible warning', () => {
    expect(resolveIncludes(`<!-- include: ${file}#nope -->`, { [file]: source })).toContain('Missing code');
    expect(resolveIncludes(`<!-- include: missing.ts#login -->`, {})).toContain('Missing code');
  });
});

describe('stripRegionMarkers', () => {
  it('removes only the marker lines', () => {
    expect(stripRegionMarkers(source).split('\n')).toHaveLength(7);
    expect(stripRegionMarkers(source)).not.toContain('#region');
  });
});
