/**
 * The lesson in code: a stage's source against the previous stage's, as a git-style unified
 * diff (react-diff-view parses git's format). The patch function is passed in, so this module
 * stays free of the `diff` package, which is loaded only when a diff is shown.
 */

export interface SourceFile {
  /** Repository path, e.g. `apps/server/src/stages/03-bcrypt.ts`. */
  file: string;
  text: string;
}

/** `createTwoFilesPatch` from the `diff` package, as far as this module uses it. */
export type CreatePatch = (
  oldFileName: string,
  newFileName: string,
  oldText: string,
  newText: string,
  oldHeader: string | undefined,
  newHeader: string | undefined,
  options: { context: number },
) => string;

export function stageDiffText(previous: SourceFile, current: SourceFile, createPatch: CreatePatch, options: { contextLines?: number } = {}): string {
  const patch = createPatch(`a/${previous.file}`, `b/${current.file}`, previous.text, current.text, '', '', {
    context: options.contextLines ?? 3,
  });
  // `diff` opens with a row of `=`; git, and so react-diff-view's parser, expects a `diff --git` line.
  const body = patch.replace(/^=+\n/, '').replace(/^(---|\+\+\+) (\S+)\t?\n/gm, '$1 $2\n');
  return `diff --git a/${previous.file} b/${current.file}\n${body}`;
}

/** Lines added and removed, for the caption above the diff. */
export function countChangedLines(diffText: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diffText.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

/** The file name alone, for captions: `03-bcrypt.ts`. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
