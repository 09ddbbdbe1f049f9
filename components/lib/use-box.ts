/**
 * The rendered width and height of an element, for plots whose box is sized by CSS (an aspect
 * ratio that changes on narrow screens) and that must draw text at real pixel sizes. Before
 * hydration (and in the build) it reports the fallback size.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * True while the page is laid out for paper (printing, saving as PDF, print media emulated). On
 * paper a plot keeps the drawing the reader was looking at, scaled to the paper's column by its
 * viewBox (figures.css), rather than being drawn again for that column: a redraw at paper width
 * dropped what needs room to be legible (Figure 1's magnified inset needs 400 px of plot), so the
 * page printed something other than what the reader saw. So useBox and useWidth ignore sizes then.
 */
export const printing = () => typeof matchMedia === 'function' && matchMedia('print').matches;

export function useBox<T extends HTMLElement>(fallbackWidth = 640, fallbackHeight = 427) {
  const ref = useRef<T>(null);
  const [box, setBox] = useState({ width: fallbackWidth, height: fallbackHeight });
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      if (printing()) return;
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      if (width > 0 && height > 0) setBox((b) => (b.width === width && b.height === height ? b : { width, height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, box] as const;
}
