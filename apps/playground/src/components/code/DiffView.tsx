/**
 * The diff against the previous stage. Loaded on demand (React.lazy) together with `diff` and
 * react-diff-view, so neither is in the first bundle.
 */
import { createTwoFilesPatch } from 'diff';
import { useMemo, type ReactNode } from 'react';
import { Decoration, Diff, Hunk, markEdits, parseDiff, tokenize, type FileData, type HunkTokens } from 'react-diff-view';
import 'react-diff-view/style/index.css';
import { prismTree } from './prism-tree.ts';
import { countChangedLines, fileName, stageDiffText, type SourceFile } from './stage-diff.ts';

interface Prepared {
  file: FileData | undefined;
  tokens: HunkTokens | undefined;
  added: number;
  removed: number;
}

function prepare(previous: SourceFile, current: SourceFile): Prepared {
  const text = stageDiffText(previous, current, createTwoFilesPatch);
  const [file] = parseDiff(text);
  const { added, removed } = countChangedLines(text);
  if (file === undefined) return { file, tokens: undefined, added, removed };
  const tokens = tokenize(file.hunks, {
    highlight: true,
    refractor: { highlight: prismTree },
    language: 'typescript',
    oldSource: previous.text,
    enhancers: [markEdits(file.hunks, { type: 'block' })],
  });
  return { file, tokens, added, removed };
}

export function DiffView({ previous, current }: { previous: SourceFile; current: SourceFile }): ReactNode {
  const { file, tokens, added, removed } = useMemo(() => prepare(previous, current), [previous, current]);
  return (
    <figure className="code-diff" data-testid="code-diff">
      <figcaption>
        <span>
          {fileName(previous.file)} <span aria-hidden="true">→</span>
          <span className="visually-hidden"> to </span> {fileName(current.file)}
        </span>
        <span className="diff-counts">
          <span className="diff-added">+{added} added</span> <span className="diff-removed">−{removed} removed</span>
        </span>
      </figcaption>
      {file === undefined ? (
        <p className="muted">The two stages have the same source.</p>
      ) : (
        <div className="diff-scroll" tabIndex={0} role="region" aria-label={`Changes from ${fileName(previous.file)} to ${fileName(current.file)}`}>
          <Diff viewType="unified" diffType={file.type} hunks={file.hunks} tokens={tokens ?? null}>
            {(hunks) =>
              hunks.flatMap((hunk) => [
                <Decoration key={`at-${hunk.content}`} className="diff-hunk-header">
                  {`Lines ${hunk.newStart}–${hunk.newStart + Math.max(hunk.newLines, 1) - 1} of ${fileName(current.file)}`}
                </Decoration>,
                <Hunk key={hunk.content} hunk={hunk} />,
              ])
            }
          </Diff>
        </div>
      )}
    </figure>
  );
}
