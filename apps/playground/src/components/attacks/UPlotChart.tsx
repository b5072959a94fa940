import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';

type UPlotClass = typeof uPlot;

/** Sizes and colours read from the page's CSS, so the charts follow presenter mode and the theme. */
export interface ChartLook {
  fontPx: number;
  font: string;
  labelFont: string;
  text: string;
  grid: string;
  /** A `--name` custom property of the page. */
  colour(name: string): string;
}

/** Everything but the size, which the chart takes from its box. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

let loading: Promise<UPlotClass> | undefined;

/** uPlot and its stylesheet, fetched the first time a chart is drawn. */
function loadUPlot(): Promise<UPlotClass> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => module.default);
  return loading;
}

function readRootFontPx(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

function readLook(): ChartLook {
  const style = getComputedStyle(document.documentElement);
  const fontPx = readRootFontPx();
  const family = style.getPropertyValue('--font').trim() || 'sans-serif';
  const colour = (name: string): string => style.getPropertyValue(name).trim() || '#57606a';
  return {
    fontPx,
    font: `${Math.round(fontPx * 0.85)}px ${family}`,
    labelFont: `600 ${Math.round(fontPx * 0.9)}px ${family}`,
    text: colour('--text'),
    grid: colour('--border'),
    colour,
  };
}

/** The root font size, re-read when presenter mode switches it. */
function useRootFontPx(): number {
  const [fontPx, setFontPx] = useState(readRootFontPx);
  useEffect(() => {
    const observer = new MutationObserver(() => setFontPx(readRootFontPx()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-presenter'] });
    return () => observer.disconnect();
  }, []);
  return fontPx;
}

export interface UPlotChartProps {
  options: (UPlot: UPlotClass, look: ChartLook) => ChartOptions;
  data: uPlot.AlignedData;
  /** Changes when the series change (not their values): the chart is then built anew. */
  shape: string;
  heightRem: number;
}

/**
 * A uPlot chart that fills its box's width. New data streams in with `setData`; a new shape,
 * font size or width rebuilds or resizes it.
 */
export function UPlotChart({ options, data, shape, heightRem }: UPlotChartProps): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const latest = useRef({ options, data });
  const [UPlot, setUPlot] = useState<UPlotClass>();
  const [failed, setFailed] = useState<string>();
  const fontPx = useRootFontPx();

  useLayoutEffect(() => {
    latest.current = { options, data };
  });

  useEffect(() => {
    let cancelled = false;
    loadUPlot().then(
      // A class is a function: wrapped, so React stores it instead of calling it.
      (loaded) => !cancelled && setUPlot(() => loaded),
      (caught: unknown) => !cancelled && setFailed(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const element = host.current;
    if (UPlot === undefined || element === null) return undefined;
    const look = readLook();
    const height = Math.round(heightRem * look.fontPx);
    const size = (): { width: number; height: number } => ({ width: Math.max(240, element.clientWidth), height });
    const instance = new UPlot({ ...latest.current.options(UPlot, look), ...size() }, latest.current.data, element);
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      if (size().width !== instance.width) instance.setSize(size());
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.destroy();
      chart.current = undefined;
    };
  }, [UPlot, shape, fontPx, heightRem]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  if (failed !== undefined) return <p className="muted">The chart could not load ({failed}).</p>;
  return <div ref={host} className="uplot-host" data-ready={UPlot === undefined ? 'false' : 'true'} />;
}
