/**
 * SVG axes for d3 scales: ticks and labels come from the scale itself (d3's tick algorithm), the
 * figure decides where the axis sits. Log scales get labels only on round ticks.
 */
import type { ComponentChild, ComponentChildren } from 'preact';

/** Any d3 continuous or band scale, as far as an axis needs it. */
interface TickScale {
  (v: any): number | undefined;
  ticks?: (count?: number) => any[];
  tickFormat?: (count?: number, spec?: string) => (v: any) => string;
  domain(): any[];
  range(): number[];
  bandwidth?: () => number;
}

interface AxisProps {
  scale: TickScale;
  /** Position of the axis line: y for a bottom axis, x for a left axis. */
  at: number;
  ticks?: number;
  format?: (v: any) => string;
  label?: ComponentChildren;
  /** Grid lines across the plot to this coordinate (the far edge). */
  gridTo?: number;
}

function tickValues(scale: TickScale, count: number): any[] {
  return scale.ticks ? scale.ticks(count) : scale.domain();
}

function tickFormatter(scale: TickScale, count: number, format?: (v: any) => string): (v: any) => string {
  if (format) return format;
  if (scale.tickFormat) return scale.tickFormat(count);
  return String;
}

/** The pixel position of a tick (the centre of a band for band scales). */
const place = (scale: TickScale, v: any) => (scale(v) ?? 0) + (scale.bandwidth ? scale.bandwidth() / 2 : 0);

/**
 * The bottom axis's label: centred under the plot, or moved left where it would run past the
 * figure's right edge (the plots leave at least 10 px right of their range), as a long label did
 * on a 320 px phone; never nearer the left edge than 4 px.
 */
function bottomLabelX(label: ComponentChild, x0: number, x1: number): number {
  if (typeof label !== 'string') return (x0 + x1) / 2; // marked-up labels are short
  const half = textWidth(label) / 2;
  return Math.max(half + 4, Math.min((x0 + x1) / 2, x1 + 10 - half));
}

export function AxisBottom({ scale, at, ticks = 6, format, label, gridTo }: AxisProps) {
  const fmt = tickFormatter(scale, ticks, format);
  const [x0, x1] = scale.range();
  return (
    <g class="axis axis-bottom" aria-hidden="true">
      <line x1={x0} x2={x1} y1={at} y2={at} />
      {tickValues(scale, ticks).map((t) => {
        const x = place(scale, t);
        const text = fmt(t);
        return (
          <g key={String(t)}>
            {gridTo !== undefined && <line class="grid-line" x1={x} x2={x} y1={at} y2={gridTo} />}
            <line x1={x} x2={x} y1={at} y2={at + 4} />
            {text && <text x={x} y={at + 16} text-anchor="middle">{text}</text>}
          </g>
        );
      })}
      {label && <text class="axis-label" x={bottomLabelX(label, x0, x1)} y={at + 32} text-anchor="middle">{label}</text>}
    </g>
  );
}

/**
 * The turned label's baseline sits 44 px left of the axis, but never nearer the plot's left edge
 * than its letters are tall (12.5 px type: ascenders reach 10 px above the baseline): with a
 * narrow margin they were drawn outside the <svg>, cut off in its downloads.
 */
const LABEL_MIN_X = 12;

/**
 * About how wide a tick label is in the plot's 12.5 px figure face (Source Sans 3): digits and
 * signs half an em, superscripts a third, points and spaces a fifth. The turned axis label moves
 * left of the widest tick; labels are laid out on the server, where nothing can be measured.
 */
export function tickWidth(text: string): number {
  let em = 0;
  for (const c of text) em += /[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/.test(c) ? 0.33 : /[.,: ]/.test(c) ? 0.22 : /[%×]/.test(c) ? 0.6 : 0.5;
  return em * 12.5;
}

/** About how wide `text` is at `size` px in the figure face: tickWidth's estimate, scaled. */
export const textWidth = (text: string, size = 12.5): number => (tickWidth(text.replace(/\u00a0/g, ' ')) * size) / 12.5;

/**
 * Where a line above a plot (a legend's row, a panel's title) `need` px wide starts: at the plot's
 * left edge, or as far left as it must go to end inside the figure (on a 320 px phone a legend
 * from the plot's edge ran 20 px past it), but never nearer the figure's edge than 4 px.
 */
export const fittingLeft = (plotLeft: number, width: number, need: number): number => Math.max(4, Math.min(plotLeft, width - 4 - need));

export function AxisLeft({ scale, at, ticks = 5, format, label, gridTo }: AxisProps) {
  const fmt = tickFormatter(scale, ticks, format);
  const [y0, y1] = scale.range();
  // The label's baseline 44 px left of the axis, or further where a tick label reaches that far:
  // ticks end 7 px left of the axis, and the turned letters' descenders reach 3 px right of it.
  const widest = Math.max(0, ...tickValues(scale, ticks).map((t) => tickWidth(fmt(t))));
  const labelX = Math.max(Math.min(at - 44, at - 7 - widest - 5), LABEL_MIN_X);
  return (
    <g class="axis axis-left" aria-hidden="true">
      <line x1={at} x2={at} y1={y0} y2={y1} />
      {tickValues(scale, ticks).map((t) => {
        const y = place(scale, t);
        const text = fmt(t);
        return (
          <g key={String(t)}>
            {gridTo !== undefined && text && <line class="grid-line" x1={at} x2={gridTo} y1={y} y2={y} />}
            <line x1={at - 4} x2={at} y1={y} y2={y} />
            {text && <text x={at - 7} y={y} dy="0.32em" text-anchor="end">{text}</text>}
          </g>
        );
      })}
      {label && (
        <text class="axis-label" transform={`translate(${labelX}, ${(y0 + y1) / 2}) rotate(-90)`} text-anchor="middle">{label}</text>
      )}
    </g>
  );
}
