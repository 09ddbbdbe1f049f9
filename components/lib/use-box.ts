/**
 * The rendered width and height of an element, for plots whose box is sized by CSS (an aspect
 * ratio that changes on narrow screens) and that must draw text at real pixel sizes. Before
 * hydration (and in the build) it reports the fallback size.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export function useBox<T extends HTMLElement>(fallbackWidth = 640, fallbackHeight = 427) {
  const ref = useRef<T>(null);
  const [box, setBox] = useState({ width: fallbackWidth, height: fallbackHeight });
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      if (width > 0 && height > 0) setBox((b) => (b.width === width && b.height === height ? b : { width, height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, box] as const;
}
