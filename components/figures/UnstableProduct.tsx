/**
 * Figure: the distribution of |sigma'(z_1) w_2 ... sigma'(z_k) w_{k+1}| for k = 1..30 over many
 * seeded random chains (neurons in a chain, or w and z drawn independently): median line and
 * 25-75 % and 10-90 % bands on a log axis, with a row beneath the decades for products that are
 * exactly zero. Computed by the `unstable-product` experiment, which returns log10 quantiles (no
 * underflow at any depth; null for an exact zero).
 */
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { ParamDecl, ParamValues } from '../../engine/params';
import productExperiment, { QUANTILES } from '../../engine/experiments/unstable-product';
import type { UnstableProductResult } from '../../engine/experiments/unstable-product';
import { useBox } from '../lib/use-box';
import { csvData } from '../lib/export';
import { Control, Controls } from './Controls';
import { AxisBottom, AxisLeft, fittingLeft, textWidth } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { decade, num, sig, timesTen } from './format';
import { Num, Spoken } from './Spoken';

export const ID = 'unstable-product';

const { maxDepth: _maxDepth, ...figureParams } = productExperiment.params;
export const params = figureParams satisfies ParamDecl;
type Values = ParamValues<typeof params>;

export const job = (v: Values) => ({
  name: 'unstable-product',
  params: {
    model: v.model,
    activation: v.activation,
    scale: v.scale,
    weights: v.weights,
    bias: v.bias,
    spread: v.spread,
    draws: v.draws,
    seed: v.seed,
    maxDepth: 30,
  },
});

type Props = IslandProps<Values, UnstableProductResult>;

const ASPECT = 3 / 2;
const M = { top: 26, right: 16, bottom: 40, left: 56 };
/**
 * A log10 value as a number a reader can take in: 0.042 near 1, 3.2 × 10⁻¹⁷ far from it (3.2e-17
 * in a CSV). Far from 1 it is written from the logarithm, never through 10 ** l, which a deep
 * enough chain would take past float64's range.
 */
export function fromLog10(l: number, csv = false): string {
  if (Math.abs(l) < 4) return csv ? sig(10 ** l, 2) : num(10 ** l, 2);
  let k = Math.floor(l);
  let mantissa = (10 ** (l - k)).toFixed(1);
  if (mantissa === '10.0') [mantissa, k] = ['1.0', k + 1]; // 9.97 × 10⁻¹⁸ rounds to 10⁻¹⁷
  return csv ? `${mantissa}e${k}` : timesTen(String(Number(mantissa)), k);
}
const [P10, P25, P50, P75, P90] = [0, 1, 2, 3, 4];

/** Height of the row beneath the decades where products of exactly zero are drawn. */
const ZERO_ROW = 22;

function Plot({ r, width, height }: { r: UnstableProductResult; width: number; height: number }) {
  const q = r.quantiles;
  const K = r.depths.length;
  const finite = [q[P10], q[P90]].flat().filter((l): l is number => l !== null);
  const hasZero = q[P10].some((l) => l === null);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const pad = Math.max(0.5, (hi - lo) * 0.05);
  const bottom = height - M.bottom - (hasZero ? ZERO_ROW : 0);
  const zeroY = height - M.bottom - 6;
  const x = scaleLinear().domain([1, K]).range([M.left, width - M.right]);
  const y = scaleLinear().domain([lo - pad, hi + pad]).range([bottom, M.top]).nice();
  const at = (l: number | null) => (l === null ? zeroY : y(l));
  const band = (a: number, b: number) =>
    area<number>().x((k) => x(k)).y0((_, i) => at(q[a][i])).y1((_, i) => at(q[b][i]))(r.depths) ?? '';
  const median = line<number>().x((k) => x(k)).y((_, i) => at(q[P50][i]))(r.depths) ?? '';
  // Decades only: d3 picks the ticks; labels go on whole powers of ten.
  const ticks = y.ticks(6).filter(Number.isInteger);
  const yAxis = Object.assign((v: number) => y(v), { ticks: () => ticks, domain: () => y.domain(), range: () => y.range() });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ height: `${height}px` }} role="img" aria-label={`Bands of the product's size against depth 1 to ${K}, log scale${hasZero ? ', with a row for products of exactly zero beneath' : ''}`}>
      <AxisLeft scale={yAxis} at={M.left} format={decade} gridTo={width - M.right} label="|product| (log scale)" />
      {hasZero && (
        <g class="zero-row">
          <line x1={M.left} x2={width - M.right} y1={zeroY} y2={zeroY} stroke="var(--fig-axis)" stroke-dasharray="1 3" />
          <text x={M.left - 8} y={zeroY} dy="0.32em" text-anchor="end">0</text>
          <text x={width - M.right} y={zeroY} dy={-4} text-anchor="end" font-size="0.85em">exactly zero</text>
        </g>
      )}
      <AxisBottom scale={x} at={height - M.bottom} ticks={6} label="depth k (number of factors)" />
      <path d={band(P10, P90)} fill="var(--fig-blue)" fill-opacity={0.18} stroke="var(--fig-blue)" stroke-opacity={0.4} stroke-dasharray="3 3" />
      <path d={band(P25, P75)} fill="var(--fig-blue)" fill-opacity={0.38} />
      <line x1={M.left} x2={width - M.right} y1={y(0)} y2={y(0)} stroke="var(--fig-ref)" stroke-dasharray="6 4" />
      <path d={median} fill="none" stroke="var(--fig-blue-strong)" stroke-width={2.5} />
      {r.depths.map((k, i) => <circle key={k} cx={x(k)} cy={at(q[P50][i])} r={2.5} fill="var(--fig-blue-strong)" />)}
      {/* From the plot's left edge, or further left where the legend would cross the figure's right edge (320 px). */}
      <g transform={`translate(${fittingLeft(M.left + 6, width, width >= 400 ? 248 + textWidth('product = 1') : 164 + textWidth('median'))}, ${M.top - 14})`}>
        <rect width={14} height={9} fill="var(--fig-blue)" fill-opacity={0.18} stroke="var(--fig-blue)" stroke-opacity={0.4} stroke-dasharray="3 3" />
        <text x={18} y={8}>10–90%</text>
        <rect x={72} width={14} height={9} fill="var(--fig-blue)" fill-opacity={0.38} />
        <text x={90} y={8}>25–75%</text>
        <line x1={146} x2={160} y1={4.5} y2={4.5} stroke="var(--fig-blue-strong)" stroke-width={2.5} />
        <circle cx={153} cy={4.5} r={2.5} fill="var(--fig-blue-strong)" />
        <text x={164} y={8}>median</text>
        {width >= 400 && (
          <>
            <line x1={222} x2={244} y1={4.5} y2={4.5} stroke="var(--fig-ref)" stroke-dasharray="6 4" />
            <text x={248} y={8}>product = 1</text>
          </>
        )}
      </g>
      {width < 400 && <text x={width - M.right} y={y(0)} dy={-5} text-anchor="end" style={{ paintOrder: 'stroke', stroke: 'var(--fig-bg)', strokeWidth: 3 }}>product = 1</text>}
    </svg>
  );
}

/** A quantile for a reader: "0" for an exact zero. */
const shown = (l: number | null) => (l === null ? '0' : fromLog10(l));

/** The figure's verdict at its deepest chain, for the status line and the text alternative. */
export function describe(r: UnstableProductResult): string {
  const last = r.depths.length - 1;
  const k = r.depths[last];
  const m = r.quantiles[P50][last];
  const lo = r.quantiles[P10][last];
  const hi = r.quantiles[P90][last];
  if (m === null) {
    return `At depth ${k}, ${num(100 * r.zero[last], 3)}% of chains have a product of exactly zero: one neuron per layer, and a single ReLU that is off stops the gradient.`;
  }
  const verdict = m < -3 ? 'the product vanishes' : m > 3 ? 'the product explodes' : 'the median stays within a thousandfold of 1';
  const spread = lo === null || hi === null ? '' : `; the middle 80% of chains spans ${num(hi - lo, 2)} powers of ten`;
  return `At depth ${k} the median |product| is ${fromLog10(m)}: ${verdict}${spread}, and ${num(100 * r.aboveOne[last], 2)}% of chains are at least 1. The neurons sit at mean |z| = ${num(r.meanAbsZ, 2)}.`;
}

export default function UnstableProduct(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job, debounceMs: 80 });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  const summary = r ? describe(r) : '';
  const rule = v.weights === 'fixed' ? `|w| = ${v.scale} with a random sign` : `w drawn from N(0, ${v.scale}²)`;
  const f = v.activation === 'sigmoid' ? 'σ′' : v.activation === 'tanh' ? 'tanh′' : 'ReLU′';
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      run="stop"
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} />}</div>}
      controls={
        <>
          <p class="readout" style={{ flexBasis: '100%', margin: 0 }}>
            {v.model === 'chain' ? (
              <>
                Each of {v.draws} chains is 31 {v.activation === 'relu' ? 'ReLU' : v.activation} neurons in a row, fed an input x uniform on [0, 1):
                neuron j computes z<sub>j</sub> = w<sub>j</sub> a<sub>j−1</sub> + b<sub>j</sub> with {rule} and b from N(0, {v.bias}²), so a large
                weight also makes the next z large.
              </>
            ) : (
              <>
                A simplification: each of {v.draws} chains draws 30 factors, each with {rule} and z from N(0, {v.spread}²), all independent, so
                nothing ties z to the weights.
              </>
            )}{' '}
            The product at depth k multiplies a chain's first k factors {f}(z<sub>j</sub>) w<sub>j+1</sub>.
            {r && <> Average ln|{f}(z) w| per non-zero factor: <span data-mean-ln={r.meanLnFactor}><Num v={r.meanLnFactor} digits={3} /></span>.</>}
          </p>
          <Controls fig={fig} names={['model', 'activation', 'scale', 'weights']} />
          <Control fig={fig} name={v.model === 'chain' ? 'bias' : 'spread'} />
          <Control fig={fig} name="draws" />
          <Control fig={fig} name="seed" />
        </>
      }
      table={
        r && (
          <table data-model={v.model} data-activation={v.activation} data-scale={v.scale} data-bias={v.bias} data-spread={v.spread} data-draws={v.draws} data-seed={v.seed} data-weights={v.weights}>
            <caption>Quantiles of |product| at each depth over {v.draws} chains ({v.model === 'chain' ? 'chain' : 'independent'} model, {v.activation}, seed {v.seed})</caption>
            <thead>
              <tr>
                <th scope="col">k</th>
                {QUANTILES.map((p) => <th scope="col" key={p} data-csv={csvData(`|product|, ${p === 0.5 ? 'median' : `${100 * p}th percentile`}`)}>{p === 0.5 ? 'median' : `${100 * p}%`}</th>)}
                <th scope="col" data-csv={csvData('share ≥ 1 (%)')}>share ≥ 1</th>
                <th scope="col" data-csv={csvData('share = 0 (%)')}>share = 0</th>
              </tr>
            </thead>
            <tbody>
              {r.depths.map((k, i) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  {QUANTILES.map((p, j) => <td key={p} data-q={p} data-log10={r.quantiles[j][i] ?? undefined} data-zero-product={r.quantiles[j][i] === null ? "" : undefined} data-csv={csvData(r.quantiles[j][i] === null ? '0' : fromLog10(r.quantiles[j][i]!, true))}><Spoken text={shown(r.quantiles[j][i])} /></td>)}
                  <td data-above-one={r.aboveOne[i]} data-csv={csvData(sig(100 * r.aboveOne[i], 3))}><Num v={100 * r.aboveOne[i]} digits={3} />%</td>
                  <td data-zero={r.zero[i]} data-csv={csvData(sig(100 * r.zero[i], 3))}><Num v={100 * r.zero[i]} digits={3} />%</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
