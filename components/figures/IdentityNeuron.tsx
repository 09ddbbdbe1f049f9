/**
 * Figure (Problem 2): w2 sigma(w1 x + b) on [0, 1] with its constant offset removed, beside the
 * identity line, and (second panel) its deviation from x with the worst point marked. A preset
 * loads the worked solution; while "keep" is ticked, b and w2 follow w1. Computed by the
 * `identity-neuron` experiment.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import identityNeuron, { workedSolution } from '../../engine/experiments/identity-neuron';
import type { IdentityNeuronResult } from '../../engine/experiments/identity-neuron';
import { Control, Slider } from './Controls';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { decade, num, sig } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { Panel, Panels, panelsAspect } from './plot/Panels';
import { useSvgId } from '../lib/use-svg-id';

export const ID = 'identity-neuron';
const e = identityNeuron.params;
export const params = {
  w1: e.w1,
  b: e.b,
  w2: e.w2,
  keep: { kind: 'boolean', default: true, label: 'Keep the worked solution (b = −w₁/2, w₂ = 4/w₁) as w₁ moves' },
} satisfies ParamDecl;
type Values = { w1: number; b: number; w2: number; keep: boolean };

/** The neuron actually computed: with "keep" on, b and w2 come from w1 (so a link with only w1 works). */
const effective = (v: Values) => (v.keep ? { w1: v.w1, ...workedSolution(v.w1) } : { w1: v.w1, b: v.b, w2: v.w2 });
export const job = (v: Values) => ({ name: 'identity-neuron', params: effective(v) });

type Props = IslandProps<Values, IdentityNeuronResult>;

/** Each panel's width / height. */
const PANEL = 1.1;

const M = { top: 14, right: 12, bottom: 40, left: 52 };

function CurvePanel({ r }: { r: IdentityNeuronResult }) {
  const clip = useSvgId('in-clip');
  return (
    <Panel aspect={PANEL} label={`w₂σ(w₁x + b) minus ${num(r.offset, 4)} against x, beside the line y = x`}>
      {(width, height) => {
        const x = scaleLinear().domain([0, 1]).range([M.left, width - M.right]);
        const y = scaleLinear().domain([-0.1, 1.1]).range([height - M.bottom, M.top]);
        const path = line<number>().x((_, i) => x(r.xs[i])).y((d) => y(d))(r.curve) ?? '';
        return (
          <>
            <defs>
              <clipPath id={clip}><rect x={M.left} y={M.top} width={width - M.left - M.right} height={height - M.top - M.bottom} /></clipPath>
            </defs>
            <AxisLeft scale={y} at={M.left} ticks={6} gridTo={width - M.right} label="output − offset" />
            <AxisBottom scale={x} at={height - M.bottom} ticks={5} label="input x" />
            <g clip-path={`url(#${clip})`}>
              {/* The neuron wide and pale, the identity dashed and dark on top: where they agree, both show. */}
              <path d={path} fill="none" stroke="var(--fig-blue-pale)" stroke-width={5} />
              <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="var(--fig-ref)" stroke-width={1.5} stroke-dasharray="6 4" />
            </g>
            <text x={x(0.62)} y={y(0.5)} fill="var(--fig-muted)" class="halo">dashed: y = x</text>
            <text x={x(0.62)} y={y(0.5) + 15} fill="var(--fig-blue)" class="halo">thick: neuron</text>
          </>
        );
      }}
    </Panel>
  );
}

function DeviationPanel({ r }: { r: IdentityNeuronResult }) {
  const span = Math.max(r.maxDeviation * 1.3, 1e-6);
  return (
    <Panel aspect={PANEL} label={`Deviation from x, worst ${num(r.maxDeviation, 3)} at x = ${num(r.maxDeviationAt, 3)}`}>
      {(width, height) => {
        const x = scaleLinear().domain([0, 1]).range([M.left, width - M.right]);
        const y = scaleLinear().domain([-span, span]).range([height - M.bottom, M.top]).nice(4);
        // Small deviations are ticked in units of a power of ten named once in the axis label
        // (4 and "× 10⁻³"), so the ticks stay short enough for the margin at 360 px.
        const ticks = y.ticks(4);
        const k = span < 0.01 ? Math.floor(Math.log10(Math.max(...ticks.map(Math.abs)))) : 0;
        const fmt = k ? (d: number) => String(Number((d / 10 ** k).toPrecision(6))).replace('-', '−') : y.tickFormat(4);
        const label = k ? `output − offset − x (× ${decade(k)})` : 'output − offset − x';
        const path = line<number>().x((_, i) => x(r.xs[i])).y((d) => y(d))(r.deviation) ?? '';
        const worstY = r.maxDeviation;
        const i = Math.round(r.maxDeviationAt * (r.xs.length - 1));
        const sign = Math.sign(r.deviation[i]) || 1;
        return (
          <>
            <AxisLeft scale={y} at={M.left} ticks={4} format={fmt} gridTo={width - M.right} label={label} />
            <AxisBottom scale={x} at={height - M.bottom} ticks={5} label="input x" />
            {[-worstY, worstY].map((d) => (
              <line x1={M.left} x2={width - M.right} y1={y(d)} y2={y(d)} stroke="var(--fig-warn)" stroke-dasharray="2 3" />
            ))}
            <text x={width - M.right - 2} y={y(worstY) - 5} text-anchor="end" fill="var(--fig-warn)" class="halo">{`± worst ${num(r.maxDeviation, 3)}`}</text>
            <path d={path} fill="none" stroke="var(--fig-blue)" stroke-width={2} />
            <circle cx={x(r.maxDeviationAt)} cy={y(sign * r.maxDeviation)} r={4.5} fill="var(--fig-bg)" stroke="var(--fig-warn)" stroke-width={2} />
          </>
        );
      }}
    </Panel>
  );
}

export default function IdentityNeuron(props: Props) {
  const { fid, fig, v, frame } = useIsland(ID, props, { decl: params, job });
  const shown = effective(v);
  const r = fig.result.value;
  // Moving b or w2 by hand leaves the worked solution: untick "keep" and start from what is shown.
  const setFree = (name: 'b' | 'w2', n: number) => {
    fig.setMany({ ...shown, keep: false, [name]: n });
  };
  const summary = !r
    ? ''
    : `Offset removed: ${num(r.offset, 5)}. Worst deviation from x on [0, 1]: ${num(r.maxDeviation, 3)}` +
      (r.isWorkedSolution
        ? ` (worked solution; w₁²/96 = ${num(r.taylorDeviation, 3)}).`
        : `. Not the worked solution: press “Worked solution” to load b = −w₁/2, w₂ = 4/w₁.`);
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      {...panelsAspect(PANEL, 2)}
      plot={r && <Panels><CurvePanel r={r} /><DeviationPanel r={r} /></Panels>}
      controls={
        <>
          <Control fig={fig} name="w1" format={(n) => n.toFixed(2)} />
          <Slider figureId={fid} name="b" spec={params.b} value={shown.b} format={(n) => num(n, 4)} onInput={(n) => setFree('b', n)} />
          <Slider figureId={fid} name="w2" spec={params.w2} value={shown.w2} format={(n) => num(n, 4)} onInput={(n) => setFree('w2', n)} />
          <Control fig={fig} name="keep" />
          <div class="figure-buttons">
            <button type="button" onClick={() => fig.setMany({ ...workedSolution(v.w1), keep: true })}>Worked solution</button>
          </div>
        </>
      }
      table={
        r && (
          <table>
            <caption>
              The neuron w₂σ(w₁x + b) for w₁ = {r.w1}, b = <Num v={r.b} digits={6} />, w₂ = <Num v={r.w2} digits={6} />. The offset removed is the one that makes
              the curve pass through (1/2, 1/2); for the worked solution it is 2/w₁ − 1/2, and it is then also the best constant.
            </caption>
            <tbody>
              <tr><th scope="row">Offset removed, w₂σ(w₁/2 + b) − 1/2</th><td data-offset={r.offset} data-csv={csvData(sig(r.offset, 8))}><Num v={r.offset} digits={8} /></td></tr>
              <tr><th scope="row">2/w₁ − 1/2 (the worked solution’s offset)</th><td data-csv={csvData(sig(r.workedOffset, 8))}><Num v={r.workedOffset} digits={8} /></td></tr>
              <tr><th scope="row">Worst deviation from x on [0, 1]</th><td data-max-deviation={r.maxDeviation} data-csv={csvData(sig(r.maxDeviation, 6))}><Num v={r.maxDeviation} digits={6} /></td></tr>
              <tr><th scope="row">… reached at x =</th><td data-csv={csvData(sig(r.maxDeviationAt, 4))}><Num v={r.maxDeviationAt} digits={4} /></td></tr>
              <tr><th scope="row">Worst deviation with the best constant instead</th><td data-minimax-deviation={r.minimaxDeviation} data-csv={csvData(sig(r.minimaxDeviation, 6))}><Num v={r.minimaxDeviation} digits={6} /></td></tr>
              <tr><th scope="row">w₁²/96 (leading term for the worked solution)</th><td data-csv={csvData(sig(r.taylorDeviation, 6))}><Num v={r.taylorDeviation} digits={6} /></td></tr>
              <tr><th scope="row">Worked solution?</th><td data-worked={String(r.isWorkedSolution)}>{r.isWorkedSolution ? 'yes' : 'no'}</td></tr>
            </tbody>
          </table>
        )
      }
    />
  );
}
