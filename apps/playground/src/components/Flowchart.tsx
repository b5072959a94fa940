import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { labelNodeIds, traceSteps } from '../lib/trace.ts';

interface FlowchartProps {
  source: string;
  /** Nodes to light up in order, from the last response's X-Auth-Flow. */
  path: readonly string[];
  /** Changes on every new response, so the same path replays. */
  traceKey: number | undefined;
}

const STEP_MS = 450;

/** Draws the lesson's mermaid flowchart (mermaid is loaded only when a flowchart is shown). */
export function Flowchart({ source, path, traceKey }: FlowchartProps): ReactNode {
  const id = `flow-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const container = useRef<HTMLDivElement>(null);
  const [svg, setSvg] = useState<string>();
  const [error, setError] = useState<string>();
  const [expanded, setExpanded] = useState(false);

  useEffect(() => {
    if (!expanded) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setExpanded(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [expanded]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        // At its natural size (useMaxWidth off) a label is as tall as its font; shrunk to fit a
        // column, a long chart's labels were 4 px. The box scrolls instead, and Enlarge shows it all.
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', flowchart: { htmlLabels: false, useMaxWidth: false } });
        const { svg: rendered } = await mermaid.render(id, source);
        if (!cancelled) setSvg(rendered);
      } catch (caught) {
        if (!cancelled) setError(caught instanceof Error ? caught.message : String(caught));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, source]);

  useEffect(() => {
    // Freshly drawn: show where every request starts, the client, rather than the empty corner.
    const root = container.current?.querySelector('svg');
    if (!root) return;
    labelNodeIds(root);
    scrollWithin(container.current, traceSteps(root, ['A'])[0]?.[0], 'instant');
  }, [svg]);

  useEffect(() => {
    // Presenter mode zooms the chart and Enlarge resizes its box: the scroll offset that showed
    // the step being lit (or the client, A) now shows some other corner. Bring it back.
    const refocus = (): void => {
      const root = container.current?.querySelector('svg');
      if (!root) return;
      const target = root.querySelector('.trace-current') ?? traceSteps(root, ['A'])[0]?.[0];
      window.requestAnimationFrame(() => scrollWithin(container.current, target ?? undefined, 'instant'));
    };
    refocus();
    const presenter = new MutationObserver(refocus);
    presenter.observe(document.documentElement, { attributes: true, attributeFilter: ['data-presenter'] });
    return () => presenter.disconnect();
  }, [expanded]);

  useEffect(() => {
    const root = container.current?.querySelector('svg');
    if (!root || path.length === 0) return;
    for (const lit of root.querySelectorAll('.trace-lit, .trace-current')) lit.classList.remove('trace-lit', 'trace-current');
    const steps = traceSteps(root, path);
    const timers = steps.map((elements, index) =>
      window.setTimeout(() => {
        for (const previous of root.querySelectorAll('.trace-current')) previous.classList.remove('trace-current');
        for (const element of elements) element.classList.add('trace-lit', 'trace-current');
        // The chart scrolls inside its box: keep the step being lit in view, without moving the page.
        scrollWithin(container.current, elements[0]);
      }, index * STEP_MS),
    );
    return () => timers.forEach((timer) => window.clearTimeout(timer));
  }, [svg, path, traceKey]);

  if (error) return <p role="alert">The flowchart could not be drawn: {error}</p>;
  return (
    <figure className={expanded ? 'flowchart flowchart-expanded' : 'flowchart'}>
      {/* A bar of its own, above the chart: nothing the chart draws can ever cover the button. */}
      <div className="flowchart-bar">
        <button type="button" className="button-quiet flowchart-toggle" aria-pressed={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Close (Esc)' : 'Enlarge'}
        </button>
      </div>
      <div
        ref={container}
        className="flowchart-svg"
        aria-label={path.length > 0 ? `Flowchart; the last request went ${path.join(' → ')}` : 'Flowchart of this stage'}
        role="img"
        // It scrolls: keyboard users reach it with Tab and move it with the arrow keys.
        tabIndex={0}
        // mermaid renders with securityLevel 'strict' (sanitised) from our own lesson files.
        dangerouslySetInnerHTML={svg === undefined ? undefined : { __html: svg }}
      />
      {svg === undefined && <p className="muted">Drawing the flowchart…</p>}
      {path.length > 0 && (
        <figcaption>
          Last request: <strong data-testid="trace-path">{path.join(' → ')}</strong>
        </figcaption>
      )}
    </figure>
  );
}

/** Scrolls `box` (and only `box`) so that `target` is inside it. */
function scrollWithin(box: HTMLElement | null, target: Element | undefined, behavior: ScrollBehavior = 'smooth'): void {
  if (box === null || target === undefined) return;
  const outer = box.getBoundingClientRect();
  const inner = target.getBoundingClientRect();
  const left = inner.left < outer.left || inner.right > outer.right ? box.scrollLeft + inner.left - outer.left - (outer.width - inner.width) / 2 : box.scrollLeft;
  const top = inner.top < outer.top || inner.bottom > outer.bottom ? box.scrollTop + inner.top - outer.top - (outer.height - inner.height) / 2 : box.scrollTop;
  box.scrollTo({ left, top, behavior });
}
