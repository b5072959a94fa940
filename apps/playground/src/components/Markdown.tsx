import type { ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { lessonHref } from '../content/course.ts';
import Prism from '../lib/prism.ts';

const LANGUAGES: Record<string, string> = { ts: 'typescript', typescript: 'typescript', sh: 'bash', bash: 'bash', json: 'json' };

export function highlight(code: string, language: string): string {
  const grammarName = LANGUAGES[language];
  const grammar = grammarName === undefined ? undefined : Prism.languages[grammarName];
  return grammar === undefined ? escapeHTML(code) : Prism.highlight(code, grammar, grammarName ?? language);
}

function escapeHTML(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const components: Components = {
  a({ href = '', children }) {
    const target = lessonHref(href);
    const external = /^https?:/.test(target);
    return (
      <a href={target} {...(external ? { target: '_blank', rel: 'noreferrer' } : {})}>
        {children}
      </a>
    );
  },
  pre({ children }) {
    return <>{children}</>;
  },
  code({ className, children, node }) {
    const language = /language-(\w+)/.exec(className ?? '')?.[1];
    const text = String(children).replace(/\n$/, '');
    if (language === undefined && !text.includes('\n')) return <code>{children}</code>;
    const title = /title="([^"]+)"/.exec(String(node?.data?.meta ?? ''))?.[1];
    return (
      <figure className="code-block">
        {title && <figcaption>{title}</figcaption>}
        <pre className={`language-${language ?? 'text'}`} tabIndex={0}>
          {/* Prism escapes the code it highlights; nothing from outside the repository reaches here. */}
          <code dangerouslySetInnerHTML={{ __html: highlight(text, language ?? 'text') }} />
        </pre>
      </figure>
    );
  },
};

export function Markdown({ text }: { text: string }): ReactNode {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
