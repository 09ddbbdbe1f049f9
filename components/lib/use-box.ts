/**
 * The rendered size of an element, for plots that must draw text at real pixel sizes (legible at
 * 360 px): useBox for plots whose box is sized by CSS (an aspect ratio that changes on narrow
 * screens), useWidth (use-width.ts) for those that take the width and choose their height.
 * Before hydration (and in the build) they report the fallback size.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * True while the page is laid out for paper (printing, saving as PDF, print media emulated). On
 * paper a plot keeps the drawing the reader was looking at, scaled to the paper's column by its
 * viewBox (figures.css), rather than being drawn again for that column: a redraw at paper width
 * dropped what needs room to be legible (Figure 1's magnified inset needs 400 px of plot), so the
 * page printed something other than what the reader saw. So sizes are ignored then.
 */
export const printing = () => typeof matchMedia === 'function' && matchMedia('print').matches;

/**
 * Calls `report` with the element's content size whenever it changes, except on paper; and once
 * more when the page returns from paper to the screen, since a size ignored there may be the one
 * the screen has too (a figure made live while printing kept its fallback size on screen after).
 */
export function observeSize(el: HTMLElement, report: (width: number, height: number) => void): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  const ro = new ResizeObserver(([entry]) => {
    if (!printing()) report(Math.round(entry.contentRect.width), Math.round(entry.contentRect.height));
  });
  ro.observe(el);
  const media = typeof matchMedia === 'function' ? matchMedia('print') : undefined;
  const back = () => {
    if (printing()) return;
    const style = getComputedStyle(el);
    const padX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const padY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    report(Math.round(el.clientWidth - padX), Math.round(el.clientHeight - padY));
  };
  media?.addEventListener('change', back);
  return () => {
    ro.disconnect();
    media?.removeEventListener('change', back);
  };
}

export function useBox<T extends HTMLElement>(fallbackWidth = 640, fallbackHeight = 427) {
  const ref = useRef<T>(null);
  const [box, setBox] = useState({ width: fallbackWidth, height: fallbackHeight });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return observeSize(el, (width, height) => {
      if (width > 0 && height > 0) setBox((b) => (b.width === width && b.height === height ? b : { width, height }));
    });
  }, []);
  return [ref, box] as const;
}
