/**
 * Two (or more) plot panels side by side that stack on narrow screens. Each panel draws at its
 * real pixel width (so 12px text stays 12px at 360 px) and carries a viewBox, so the build-time
 * first paint, drawn at a guessed width, scales instead of clipping until the island measures.
 */
import type { ComponentChildren } from 'preact';
import { useWidth } from '../../lib/use-width';

export function Panels({ children }: { children: ComponentChildren }) {
  return <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}>{children}</div>;
}

interface PanelProps {
  /** Width / height of this panel. */
  aspect: number;
  label: string;
  children(width: number, height: number): ComponentChildren;
}

export function Panel({ aspect, label, children }: PanelProps) {
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const height = Math.round(width / aspect);
  return (
    <div ref={ref} style={{ flex: '1 1 260px', minWidth: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} style={{ width: '100%', height: 'auto' }} role="img" aria-label={label}>
        {children(width, height)}
      </svg>
    </div>
  );
}
