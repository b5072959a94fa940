import type { ReactNode } from 'react';

/** Prose from the attacks and the server marks code with backticks: `exp` becomes code, the rest stays text. */
export function InlineCode({ text }: { text: string }): ReactNode {
  return text.split(/`([^`]+)`/).map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part));
}
