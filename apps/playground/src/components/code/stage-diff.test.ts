import { createTwoFilesPatch } from 'diff';
import { markEdits, parseDiff, tokenize, type TokenNode } from 'react-diff-view';
import { describe, expect, it } from 'vitest';
import { prismTree, type TreeNode } from './prism-tree.ts';
import { countChangedLines, fileName, stageDiffText } from './stage-diff.ts';

const previous = {
  file: 'apps/server/src/stages/01-plaintext.ts',
  text: "import { createPlainHasher } from '@authlab/auth-core';\n\nconst hasher = createPlainHasher();\nexport const id = 'plaintext';\n",
};
const current = {
  file: 'apps/server/src/stages/02-sha256.ts',
  text: "import { createSHA256Hasher } from '@authlab/auth-core';\n\nconst hasher = createSHA256Hasher();\nexport const id = 'sha256';\n// one more line\n",
};

function text(nodes: readonly (TreeNode | TokenNode)[]): string {
  return nodes.map((node) => ('value' in node && typeof node.value === 'string' ? node.value : text('children' in node ? (node.children ?? []) : []))).join('');
}

describe('stageDiffText', () => {
  const diffText = stageDiffText(previous, current, createTwoFilesPatch);

  it('is a git-style diff naming both stage files', () => {
    expect(diffText.split('\n').slice(0, 3)).toEqual([`diff --git a/${previous.file} b/${current.file}`, `--- a/${previous.file}`, `+++ b/${current.file}`]);
  });

  it('parses with react-diff-view into the changed lines', () => {
    const [file] = parseDiff(diffText);
    expect(file?.oldPath).toBe(previous.file);
    expect(file?.newPath).toBe(current.file);
    const changes = file?.hunks.flatMap((hunk) => hunk.changes) ?? [];
    expect(changes.filter((change) => change.type === 'insert').map((change) => change.content)).toEqual([
      "import { createSHA256Hasher } from '@authlab/auth-core';",
      'const hasher = createSHA256Hasher();',
      "export const id = 'sha256';",
      '// one more line',
    ]);
  });

  it('honours the number of context lines', () => {
    const tight = stageDiffText(previous, current, createTwoFilesPatch, { contextLines: 0 });
    expect(tight).not.toContain('\n \n');
  });
});

describe('countChangedLines', () => {
  it('counts added and removed lines, not the file headers', () => {
    expect(countChangedLines(stageDiffText(previous, current, createTwoFilesPatch))).toEqual({ added: 4, removed: 3 });
  });
});

describe('fileName', () => {
  it('keeps only the last path segment', () => {
    expect(fileName('apps/server/src/stages/03-bcrypt.ts')).toBe('03-bcrypt.ts');
  });
});

describe('prismTree', () => {
  it('turns Prism tokens into elements with token classes, losing no text', () => {
    const nodes = prismTree("const id = 'x'; // note", 'typescript');
    expect(text(nodes)).toBe("const id = 'x'; // note");
    expect(nodes[0]).toEqual({ type: 'element', tagName: 'span', properties: { className: ['token', 'keyword'] }, children: [{ type: 'text', value: 'const' }] });
    expect(nodes.some((node) => node.type === 'element' && node.properties.className.includes('comment'))).toBe(true);
  });

  it('leaves an unknown language as plain text', () => {
    expect(prismTree('a < b', 'cobol')).toEqual([{ type: 'text', value: 'a < b' }]);
  });

  it('feeds react-diff-view tokenize: one highlighted line per source line', () => {
    const [file] = parseDiff(stageDiffText(previous, current, createTwoFilesPatch));
    const hunks = file?.hunks ?? [];
    const tokens = tokenize(hunks, {
      highlight: true,
      refractor: { highlight: prismTree },
      language: 'typescript',
      oldSource: previous.text,
      enhancers: [markEdits(hunks, { type: 'block' })],
    });
    expect(text(tokens.new[2] ?? [])).toBe('const hasher = createSHA256Hasher();');
    expect(JSON.stringify(tokens.new[2])).toContain('"keyword"');
  });
});
