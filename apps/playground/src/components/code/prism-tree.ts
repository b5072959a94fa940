/**
 * Prism tokens as the small HTML-like tree react-diff-view's `tokenize` expects from a
 * refractor-style highlighter, so the diff is coloured by the same Prism (and the same CSS)
 * as the lesson's code blocks.
 */
import Prism from '../../lib/prism.ts';

export type TreeNode = { type: 'text'; value: string } | { type: 'element'; tagName: 'span'; properties: { className: string[] }; children: TreeNode[] };

function toNodes(content: Prism.TokenStream): TreeNode[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', value: content }];
  if (Array.isArray(content)) return content.flatMap(toNodes);
  const aliases = content.alias === undefined ? [] : Array.isArray(content.alias) ? content.alias : [content.alias];
  return [
    {
      type: 'element',
      tagName: 'span',
      properties: { className: ['token', content.type, ...aliases] },
      children: toNodes(content.content),
    },
  ];
}

/** Highlights `text`; an unknown language comes back as plain text. */
export function prismTree(text: string, language: string): TreeNode[] {
  const grammar = Prism.languages[language];
  return grammar === undefined ? [{ type: 'text', value: text }] : toNodes(Prism.tokenize(text, grammar));
}
