/** The rendered width of an element, so plots draw text at real pixel sizes (legible at 360 px). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { printing } from './use-box';

export function useWidth<T extends HTMLElement>(fallback = 640) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      if (printing()) return; // paper keeps the screen's drawing, scaled (use-box.ts says why)
      const w = Math.round(entry.contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}
