/**
 * Two (or more) plot panels side by side that stack on narrow screens. Each panel draws at its
 * real pixel width (so 12px text stays 12px at 360 px) and carries a viewBox, so the build-time
 * first paint, drawn at a guessed width, scales instead of clipping until the island measures.
 *
 * The figure's plot box reserves its height from an aspect ratio (figures.css), so the panels
 * stack where that ratio changes (the same 560 px media query, not wherever they happen to stop
 * fitting), and stacked they sit without a gap: the box's narrow aspect is then exactly the panels'
 * own, divided by their number. panelsAspect() gives the frame both ratios.
 */
import type { ComponentChildren } from 'preact';
import { useWidth } from '../../lib/use-width';
import { spoken } from '../format';

export function Panels({ children }: { children: ComponentChildren }) {
  return <div class="figure-panels">{children}</div>;
}

/** The plot box's aspects for `count` panels of aspect `panel`: side by side, and stacked below 560 px. */
export const panelsAspect = (panel: number, count: number) => ({ aspect: panel * count, narrowAspect: panel / count });

interface PanelProps {
  /** Width / height of this panel. */
  aspect: number;
  label: string;
  children(width: number, height: number): ComponentChildren;
}

export function Panel({ aspect, label, children }: PanelProps) {
  const [ref, width] = useWidth<HTMLDivElement>(300);
  // Rounded down: a stacked panel a fraction of a pixel taller than its share would push the
  // last one past the box.
  const height = Math.floor(width / aspect);
  return (
    <div ref={ref} class="figure-panel">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} style={{ width: '100%', height: 'auto' }} role="img" aria-label={spoken(label)}>
        {children(width, height)}
      </svg>
    </div>
  );
}
