/**
 * Figure (Problem 1): left, the width bound of equation (12) against |w| with its numerically
 * found maximum; right, the factor |w sigma'(wa + b)| against a, shaded where it is at least 1,
 * with the measured width beside the bound. Computed by the `interval-width` experiment.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import intervalWidth from '../../engine/experiments/interval-width';
import type { IntervalWidthResult } from '../../engine/experiments/interval-width';
import { csvData } from '../lib/export';
import { Control } from './Controls';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { exact, fixed, num } from './format';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { Panel, Panels, panelsAspect } from './plot/Panels';
import { useSvgId } from '../lib/use-svg-id';

export const ID = 'interval-width';
export const params = intervalWidth.params;
type Values = { w: number; b: number };
export const job = (v: Values) => ({ name: 'interval-width', params: { w: v.w, b: v.b } });

type Props = IslandProps<Values, IntervalWidthResult>;

/** Each panel's width / height. */
const PANEL = 4 / 3;

const M = { top: 14, right: 12, bottom: 40, left: 50 };
const f4 = (v: number) => fixed(v, 4);

function BoundPanel({ r }: { r: IntervalWidthResult }) {
  const W = Math.abs(r.w);
  return (
    <Panel aspect={PANEL} label={`The width bound against |w|; its maximum ${f4(r.maximum.width)} is at |w| = ${r.maximum.w.toFixed(3)}`}>
      {(width, height) => {
        const x = scaleLinear().domain([0, 20]).range([M.left, width - M.right]);
        const y = scaleLinear().domain([0, 0.5]).range([height - M.bottom, M.top]);
        const path = line<{ w: number; width: number }>().x((d) => x(d.w)).y((d) => y(d.width))(r.boundCurve) ?? '';
        const mx = x(r.maximum.w);
        const my = y(r.maximum.width);
        return (
          <>
            <AxisLeft scale={y} at={M.left} ticks={5} gridTo={width - M.right} label="width of window in a" />
            <AxisBottom scale={x} at={height - M.bottom} ticks={5} label="|w|" />
            <text x={x(1.9)} y={y(0.27)} text-anchor="middle" fill="var(--fig-faint)" class="halo">|w| &lt; 4:</text>
            <text x={x(1.9)} y={y(0.27) + 14} text-anchor="middle" fill="var(--fig-faint)" class="halo">none</text>
            <path d={path} fill="none" stroke="var(--fig-blue)" stroke-width={2} />
            <circle cx={mx} cy={my} r={4.5} fill="var(--fig-bg)" stroke="var(--fig-warn)" stroke-width={2} />
            <text x={mx + 7} y={my - 6} class="halo">{`max ${r.maximum.width.toFixed(3)} at ${r.maximum.w.toFixed(2)}`}</text>
            {/* Where the chosen w sits on the curve: a dashed drop line and a square marker. */}
            <line x1={x(W)} x2={x(W)} y1={y(0)} y2={y(r.bound)} stroke="var(--fig-muted)" stroke-dasharray="4 3" />
            <rect x={x(W) - 4} y={y(r.bound) - 4} width={8} height={8} fill="var(--fig-muted)" />
            {/* Label below-left of the marker right of the peak (the curve is above it there), else to
                the right; above the marker near zero width, clear of the tick labels. */}
            <text x={x(W) + (W > r.maximum.w ? -7 : 7)} y={y(r.bound) + (r.bound < 0.12 ? -10 : 18)} text-anchor={W > r.maximum.w ? 'end' : 'start'} class="halo">{`|w| = ${num(W, 4)}: ${r.bound.toFixed(3)}`}</text>
          </>
        );
      }}
    </Panel>
  );
}

function FactorPanel({ r }: { r: IntervalWidthResult }) {
  const hatch = useSvgId('iw-hatch');
  const { lo, hi } = r.window;
  return (
    <Panel aspect={PANEL} label={`The factor |w σ′(wa + b)| against a for w = ${exact(r.w)}, b = ${exact(r.b)}; ${lo === null ? 'never reaches 1' : `at least 1 for a from ${f4(lo)} to ${f4(hi!)}`}`}>
      {(width, height) => {
        const x = scaleLinear().domain(r.aRange).range([M.left, width - M.right]);
        const y = scaleLinear().domain([0, Math.max(1.25, r.peak * 1.1)]).range([height - M.bottom, M.top]).nice();
        const path = line<{ a: number; f: number }>().x((d) => x(d.a)).y((d) => y(d.f))(r.factorCurve) ?? '';
        return (
          <>
            <defs>
              <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width={6} height={6} fill="var(--fig-amber-pale)" />
                <line x1={0} y1={0} x2={0} y2={6} stroke="var(--fig-amber)" stroke-width={2} />
              </pattern>
            </defs>
            {lo !== null && hi !== null && (
              <rect x={x(lo)} width={Math.max(1, x(hi) - x(lo))} y={M.top} height={height - M.bottom - M.top} fill={`url(#${hatch})`} opacity={0.8} />
            )}
            <AxisLeft scale={y} at={M.left} ticks={5} gridTo={width - M.right} label="|w σ′(wa + b)|" />
            <AxisBottom scale={x} at={height - M.bottom} ticks={4} label="input a" />
            <line x1={M.left} x2={width - M.right} y1={y(1)} y2={y(1)} stroke="var(--fig-warn)" stroke-dasharray="6 4" />
            <text x={width - M.right - 2} y={y(1) - 5} text-anchor="end" fill="var(--fig-warn)" class="halo">factor = 1</text>
            <path d={path} fill="none" stroke="var(--fig-blue)" stroke-width={2} />
            {lo !== null && hi !== null && (
              <text x={(x(lo) + x(hi)) / 2} y={M.top + 12} text-anchor="middle" class="halo">{`width ${f4(r.window.width)}`}</text>
            )}
          </>
        );
      }}
    </Panel>
  );
}

export default function IntervalWidth(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job });
  const r = fig.result.value;
  const W = r ? num(Math.abs(r.w), 4) : '';
  const summary = !r
    ? ''
    : r.window.lo === null
      ? `With |w| = ${W} below 4 the factor never reaches 1 (its peak is |w|/4 = ${num(r.peak, 3)}), so there is no window. The bound is widest, ${f4(r.maximum.width)}, at |w| = ${r.maximum.w.toFixed(3)}.`
      : `Measured width of the shaded window: ${f4(r.window.width)}; the bound for |w| = ${W}: ${f4(r.bound)}. The bound is widest, ${f4(r.maximum.width)}, at |w| = ${r.maximum.w.toFixed(3)}.`;
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      {...panelsAspect(PANEL, 2)}
      plot={r && <Panels><BoundPanel r={r} /><FactorPanel r={r} /></Panels>}
      controls={
        <>
          <Control fig={fig} name="w" format={(n) => fixed(n, 2)} />
          <Control fig={fig} name="b" format={(n) => fixed(n, 2)} />
        </>
      }
      table={
        r && (
          <table>
            <caption>The window {'{'}a : |w σ′(wa + b)| ≥ 1{'}'} for w = {exact(r.w)}, b = {exact(r.b)}, and the bound of equation (12)</caption>
            <tbody>
              <tr><th scope="row">Window found by root finding</th><td data-csv={r.window.lo === null ? undefined : csvData(`${r.window.lo.toFixed(4)} to ${r.window.hi!.toFixed(4)}`)}>{r.window.lo === null ? 'none' : `${f4(r.window.lo)} to ${f4(r.window.hi!)}`}</td></tr>
              <tr><th scope="row">Measured width</th><td data-width={r.window.width}>{r.window.width === 0 ? '0' : r.window.width.toFixed(6)}</td></tr>
              <tr><th scope="row">Bound (12) for |w| = {W}</th><td data-bound={r.bound}>{r.bound === 0 ? '0' : r.bound.toFixed(6)}</td></tr>
              <tr><th scope="row">Largest bound, found numerically</th><td data-max-width={r.maximum.width}>{r.maximum.width.toFixed(6)}</td></tr>
              <tr><th scope="row">… at |w| =</th><td data-max-w={r.maximum.w}>{r.maximum.w.toFixed(6)}</td></tr>
              {r.quoted.map((q) => (
                <tr><th scope="row">Bound at |w| = {q.w}</th><td>{q.width.toFixed(4)}</td></tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
