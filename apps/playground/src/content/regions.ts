/**
 * Lessons never retype code: they name a region of a real, compiled, tested file, and we cut
 * it out here. A region is marked in the source as `// #region name` … `// #endregion`.
 */

export interface IncludeDirective {
  /** Repository-relative path, e.g. `apps/server/src/stages/03-bcrypt.ts`. */
  file: string;
  region: string;
}

const INCLUDE = /^<!-- include: (\S+?)#([\w-]+) -->$/gm;

export function findIncludes(markdown: string): IncludeDirective[] {
  return [...markdown.matchAll(INCLUDE)].map((match) => ({ file: match[1] ?? '', region: match[2] ?? '' }));
}

/** The lines between `// #region name` and its `// #endregion`, without the markers, dedented. */
export function extractRegion(source: string, region: string): string | undefined {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  if (start === -1) return undefined;
  let depth = 0;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('// #region ')) depth++;
    if (trimmed === '// #endregion') {
      if (depth === 0) return dedent(body).join('\n');
      depth--;
    }
    if (!trimmed.startsWith('// #region') && trimmed !== '// #endregion') body.push(line);
  }
  return undefined;
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const shared = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(shared));
}

/**
 * Replaces each include directive with a fenced code block holding the region, captioned with
 * its file. A directive that points nowhere becomes a visible warning, never silent nothing.
 */
export function resolveIncludes(markdown: string, sources: Readonly<Record<string, string>>): string {
  return markdown.replace(INCLUDE, (_directive, file: string, region: string) => {
    const source = sources[file];
    const code = source === undefined ? undefined : extractRegion(source, region);
    if (code === undefined) return `> **Missing code:** region \`${region}\` of \`${file}\` was not found.`;
    return `\`\`\`ts title="${file} · ${region}"\n${code}\n\`\`\``;
  });
}

/** Source text with the region markers removed, as a reader should see the whole file. */
export function stripRegionMarkers(source: string): string {
  return source
    .split('\n')
    .filter((line) => !/^\s*\/\/ #(region [\w-]+|endregion)\s*$/.test(line))
    .join('\n');
}
