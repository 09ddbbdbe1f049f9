/** The rendered width of an element, so plots draw text at real pixel sizes (legible at 360 px). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { observeSize } from './use-box';

export function useWidth<T extends HTMLElement>(fallback = 640) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return observeSize(el, (w) => {
      if (w > 0) setWidth(w);
    });
  }, []);
  return [ref, width] as const;
}
