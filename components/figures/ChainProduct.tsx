/**
 * Figure: the chapter's chain a_0 -> 1 -> 2 -> 3 -> 4 -> C, with every z_j, sigma'(z_j), factor
 * w_j sigma'(z_j) and |dC/db_j| on a log axis, and equation (8) beside a finite difference.
 * Computed by the `chain-product` experiment; presets only set slider values.
 */
import { scaleBand, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { Fragment } from 'preact';
import type { ParamDecl, ParamValues } from '../../engine/params';
import chainExperiment, { DEPTH, preset } from '../../engine/experiments/chain-product';
import type { ChainProductResult, PresetName } from '../../engine/experiments/chain-product';
import { useBox } from '../lib/use-box';
import { Control, Slider } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { exact, logTicks, num, sig } from './format';
import { Num, Spoken } from './Spoken';
import { csvData } from '../lib/export';
import { useSvgId } from '../lib/use-svg-id';

export const ID = 'chain-product';

const { preset: _preset, ...chainParams } = chainExperiment.params;
export const params = chainParams satisfies ParamDecl;
type Values = ParamValues<typeof params>;

export const job = (v: Values) => ({
  name: 'chain-product',
  params: { a0: v.a0, w1: v.w1, b1: v.b1, w2: v.w2, b2: v.b2, w3: v.w3, b3: v.b3, w4: v.w4, b4: v.b4, y: v.y },
});

const J = [1, 2, 3, 4] as const;
const wKey = (j: number) => `w${j}` as 'w1';
const bKey = (j: number) => `b${j}` as 'b1';

/** The values a preset puts on the sliders (the typical draw uses v.seed, the others v.a0). */
export function withPreset(v: Values, name: PresetName): Values {
  const { w, b } = preset(name, v.a0, v.seed);
  const out = { ...v };
  J.forEach((j) => ((out[wKey(j)] = w[j - 1]), (out[bKey(j)] = b[j - 1])));
  return out;
}

/** The presets a chapter's `preset` prop and a link's `chain-product.preset` can name. */
const PRESET_NAMES: readonly PresetName[] = ['typical', 'exploding', 'balanced'];

/** A link's `?chain-product.preset=exploding`: the preset's values, as the buttons set them. */
const linkPresets = { names: PRESET_NAMES, apply: (name: string, v: Record<string, unknown>) => withPreset(v as Values, name as PresetName) };

/**
 * An instructor's props: a seed alone means that seed's typical draw, and `preset` applies a
 * preset; explicit w_j / b_j props win over both.
 */
export function initialValuesFromProps(checked: Partial<Values>, presetProp: unknown, defaults: Values): Partial<Values> {
  const names: readonly string[] = PRESET_NAMES;
  if (presetProp !== undefined && !names.includes(presetProp as string)) {
    throw new Error(`<figure ${ID}> prop preset: got ${JSON.stringify(presetProp)}, expected one of ${names.join(', ')}`);
  }
  const name = (presetProp as PresetName | undefined) ?? (checked.seed !== undefined ? 'typical' : undefined);
  if (!name) return checked;
  return { ...withPreset({ ...defaults, ...checked }, name), ...checked };
}

type Props = IslandProps<Values, ChainProductResult>;

const ASPECT = 4 / 3;
const M = { top: 18, right: 16, bottom: 40, left: 60 };
const sub = (j: number) => '₀₁₂₃₄'[j];

/** The chain as the derivation draws it, with each neuron's numbers in rows underneath. */
function Chain({ r, width, height }: { r: ChainProductResult; width: number; height: number }) {
  const arrow = useSvgId('chain-arrow');
  const slot = width / (DEPTH + 2);
  const cx = (i: number) => slot * (i + 0.5);
  const cy = 20;
  const rad = Math.min(15, slot / 3.2);
  const d = slot < 80 ? 2 : 3;
  const rows = [
    { label: 'w', values: r.w, between: false },
    { label: 'b', values: r.b, between: false },
    { label: 'z', values: r.z, between: false },
    { label: 'σ′(z)', values: r.sigmaPrime, between: false },
    // σ′(z_j) w_{j+1} sits between neurons j and j + 1: it links their bias gradients.
    { label: 'σ′(z) w→', values: r.factors, between: true },
  ];
  const rowY = (k: number) => cy + 36 + 17 * k;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ height: `${height}px` }} role="img" aria-label="The chain: input a0, four sigmoid neurons, then the cost C; each neuron's weight, bias, z and sigma prime are listed under it, and between neighbours the factor sigma prime times the next weight">
      <defs>
        <marker id={arrow} viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" fill="var(--fig-muted)" />
        </marker>
      </defs>
      <text x={cx(0)} y={cy} dy="0.32em" text-anchor="middle">a₀ = {num(r.a0, 2)}</text>
      {J.map((j) => (
        <g key={j}>
          <line x1={j === 1 ? cx(0) + slot * 0.45 : cx(j - 1) + rad} x2={cx(j) - rad - 1} y1={cy} y2={cy} stroke="var(--fig-muted)" marker-end={`url(#${arrow})`} />
          <circle cx={cx(j)} cy={cy} r={rad} fill="var(--fig-bg)" stroke="var(--fig-blue)" stroke-width={2} />
          <text x={cx(j)} y={cy} dy="0.32em" text-anchor="middle">{j}</text>
        </g>
      ))}
      <line x1={cx(DEPTH) + rad} x2={cx(DEPTH + 1) - 12} y1={cy} y2={cy} stroke="var(--fig-muted)" marker-end={`url(#${arrow})`} />
      <text x={cx(DEPTH + 1)} y={cy} dy="0.32em" text-anchor="middle">C</text>
      <text x={cx(DEPTH + 1)} y={rowY(0)} text-anchor="middle">{num(r.cost, d)}</text>
      {rows.map((row, k) => (
        <g key={row.label}>
          <text x={cx(0)} y={rowY(k)} text-anchor="middle" style={{ fontStyle: 'italic' }}>{row.label}</text>
          {row.values.map((v, i) => (
            <text key={i} x={row.between ? (cx(i + 1) + cx(i + 2)) / 2 : cx(i + 1)} y={rowY(k)} text-anchor="middle">{num(v, d)}</text>
          ))}
        </g>
      ))}
    </svg>
  );
}

/**
 * Why dC/db_j (j = i + 1) came out exactly 0, as a short note and a sentence: a factor of
 * equation (8) that is itself 0, or a product too small for float64. A saturated neuron is the
 * usual one: its sigma(z) rounds to exactly 1 (or 0), so the engine's sigma (1 - sigma) is 0,
 * although sigma'(z) itself, e^-|z| / (1 + e^-|z|)^2, would still be a representable number.
 */
export function zeroCause(r: ChainProductResult, i: number): { label: string; sentence: string } {
  const j = i + 1;
  if (r.dCda4 === 0) return { label: 'a₄ = y', sentence: `∂C/∂b${sub(j)} is 0 because a₄ equals the target exactly` };
  const k = r.sigmaPrime.findIndex((sp, n) => n >= i && sp === 0);
  if (k >= 0) {
    const z = r.z[k];
    const e = Math.exp(-Math.abs(z));
    const unrounded = e / ((1 + e) * (1 + e));
    return {
      label: 'σ′ rounds to 0',
      sentence: `∂C/∂b${sub(j)} is 0 because σ′(z${sub(k + 1)}) is: at z${sub(k + 1)} = ${num(z, 4)} the neuron is saturated, σ(z) rounds to exactly ${z > 0 ? 1 : 0} in float64 and σ(1 − σ) to 0` +
        (unrounded > 0 ? `, though σ′ itself is about ${num(unrounded, 2)}` : ''),
    };
  }
  const w = r.w.findIndex((wk, n) => n > i && wk === 0);
  if (w >= 0) return { label: 'a weight is 0', sentence: `∂C/∂b${sub(j)} is 0 because w${sub(w + 1)} is` };
  return { label: 'underflow', sentence: `∂C/∂b${sub(j)} is 0 because the product of its factors is below the smallest float64 number` };
}

/** |dC/db_j| for j = 1..4 on a log axis; equation (8)'s dC/db_1 also as a finite difference. */
function Gradients({ r, width, height }: { r: ChainProductResult; width: number; height: number }) {
  const mags = r.grads.map(Math.abs);
  const positive = [...mags, Math.abs(r.finiteDifference.value)].filter((m) => m > 0);
  const lo = positive.length ? Math.min(...positive) / 4 : 1e-12;
  const hi = positive.length ? Math.max(...positive) * 4 : 1;
  const y = scaleLog().domain([lo, hi]).range([height - M.bottom, M.top]).nice();
  const floor = y.domain()[0];
  const x = scaleBand<string>().domain(J.map((j) => `b${sub(j)}`)).range([M.left, width - M.right]).padding(0.4);
  const px = (j: number) => x(`b${sub(j)}`)! + x.bandwidth() / 2;
  const py = (m: number) => y(Math.max(m, floor));
  const path = line<number>().x((_, i) => px(i + 1)).y((m) => py(m))(mags) ?? '';
  const fd = Math.abs(r.finiteDifference.value);
  const zeros = [...new Set(mags.flatMap((m, i) => (m === 0 ? [zeroCause(r, i).label] : [])))];
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ height: `${height}px` }} role="img" aria-label="Log-scale chart of the size of the cost's gradient with respect to each of the four biases, b1 to b4">
      <AxisLeft scale={y} at={M.left} format={logTicks(y, 4)} gridTo={width - M.right} label={<>|∂C/∂b<tspan class="sub" baseline-shift="sub">j</tspan>| (log)</>} />
      <AxisBottom scale={x} at={height - M.bottom} label="bias (input side → output side)" />
      <path d={path} fill="none" stroke="var(--fig-blue)" stroke-width={1.5} />
      {mags.map((m, i) => (
        <g key={i}>
          <circle cx={px(i + 1)} cy={py(m)} r={5} fill="var(--fig-blue)" />
          <text x={px(i + 1) + (i === 0 ? 13 : 9)} y={py(m) - (m === 0 ? 9 : 0)} dy="0.32em" class="halo">{m === 0 ? '0' : `${r.grads[i] < 0 ? '−' : '+'}${num(m, 3)}`}</text>
        </g>
      ))}
      {/* Zeros sit on the axis's floor, labelled 0; why they are 0 is said once, above them. */}
      {zeros.length > 0 && (
        <text class="zero-note" x={width - M.right} y={y(floor) - 10} text-anchor="end">{`0: ${zeros.join('; ')}`}</text>
      )}
      {/* The finite difference: a hollow diamond that should sit on the first dot (b₁'s value label
          starts beyond the diamond's corner, 7√2 px from its centre). */}
      <rect x={px(1) - 7} y={py(fd) - 7} width={14} height={14} transform={`rotate(45 ${px(1)} ${py(fd)})`} fill="none" stroke="var(--fig-red)" stroke-width={2} />
      <text x={px(1)} y={py(fd)} dy={-14} text-anchor="middle" class="halo" style={{ fill: 'var(--fig-red)' }}>◇ finite diff.</text>
    </svg>
  );
}

/** How far formula and finite difference agree, in words. */
function agreement(r: ChainProductResult): string {
  const { value, rounding } = r.finiteDifference;
  const diff = Math.abs(r.grads[0] - value);
  const rel = r.relativeDifference;
  if (rel !== null && rel < 1e-2) {
    const digits = Math.max(1, Math.floor(-Math.log10(Math.max(rel, Number.EPSILON))));
    return `they agree to ${digits} significant figure${digits === 1 ? '' : 's'}`;
  }
  if (diff <= 2 * rounding) {
    return `they differ by ${num(diff, 2)}, within the finite difference's own rounding error (about ${num(rounding, 2)}): this gradient is too small for a nudge to b₁ to resolve`;
  }
  return `they differ by ${num(diff, 2)}`;
}

export default function ChainProduct(props: Props) {
  const { fid, fig, v, frame } = useIsland(ID, props, { decl: params, job, debounceMs: 60, linkPresets });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  const chainHeight = 130;
  const apply = (next: Values) => fig.setMany(next);
  const fmt = (n: number) => num(n, 3);
  // 15,625 as the prose writes the exploding preset's ratio; beyond 100,000 as 1.4 × 10⁶.
  const times = (q: number) => (q >= 100 && q < 1e5 ? Math.round(q).toLocaleString('en') : num(q, 3));
  let summary = '';
  if (r) {
    const [g1, g4] = [Math.abs(r.grads[0]), Math.abs(r.grads[3])];
    const zero = g1 === 0 ? zeroCause(r, 0) : g4 === 0 ? zeroCause(r, 3) : undefined;
    const compare = zero ? `${g1 === 0 && g4 === 0 ? 'both are' : 'one of them is'} zero. ${zero.sentence.charAt(0).toUpperCase()}${zero.sentence.slice(1)}`
      // Within half a per cent: say so, rather than "1 times" (the balanced preset).
      : Math.abs(Math.log(g1 / g4)) < 0.005 ? 'the two gradients are the same size'
      : g1 < g4 ? `the last bias's gradient is ${times(g4 / g1)} times the first one's`
      : `the first bias's gradient is ${times(g1 / g4)} times the last one's`;
    summary = `∂C/∂b₁ = ${num(r.grads[0], 4)} and ∂C/∂b₄ = ${num(r.grads[3], 4)}: ${compare}.`;
  }
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={3 / 4}
      plot={
        <div ref={ref} style={{ width: '100%', height: '100%' }}>
          {r && (
            <>
              <Chain r={r} width={box.width} height={chainHeight} />
              <Gradients r={r} width={box.width} height={Math.max(120, box.height - chainHeight)} />
            </>
          )}
        </div>
      }
      controls={
        <>
          {r && (
            <div class="readout" style={{ flexBasis: '100%' }}>
              <p style={{ margin: 0 }}>
                Cost C = (a₄ − y)²/2, so ∂C/∂a₄ = a₄ − y = <span data-dcda4={r.dCda4}><Num v={r.dCda4} digits={4} /></span>.
              </p>
              <p style={{ margin: '0.2rem 0 0' }}>
                ∂C/∂b₁ from the product formula: <strong data-analytic={r.grads[0]}><Num v={r.grads[0]} digits={10} /></strong>; finite difference
                (C(b₁+h) − C(b₁−h))/2h with h = <Num v={r.finiteDifference.h} digits={2} />: <strong data-fd={r.finiteDifference.value}><Num v={r.finiteDifference.value} digits={10} /></strong>;{' '}
                <span class="fd-agreement"><Spoken text={agreement(r)} /></span>.
              </p>
            </div>
          )}
          <div class="figure-buttons" role="group" aria-label="Presets" style={{ flexBasis: '100%' }}>
            <button type="button" onClick={() => apply(withPreset(v, 'typical'))}>Typical N(0, 1) draw (seed {v.seed})</button>
            <button type="button" onClick={() => apply(withPreset(v, 'exploding'))}>Exploding (w = 100, z = 0)</button>
            <button type="button" onClick={() => apply(withPreset(v, 'balanced'))}>Balanced (w = 4, z = 0)</button>
          </div>
          <Slider figureId={fid} name="seed" spec={params.seed} value={v.seed} onInput={(n) => apply(withPreset({ ...v, seed: n }, 'typical'))} />
          <Control fig={fig} name="a0" format={fmt} />
          {J.map((j) => (
            <Fragment key={j}>
              <Slider figureId={fid} name={wKey(j)} spec={params[wKey(j)]} value={v[wKey(j)]} format={fmt} onInput={(n) => fig.set(wKey(j), n)} />
              <Slider figureId={fid} name={bKey(j)} spec={params[bKey(j)]} value={v[bKey(j)]} format={fmt} onInput={(n) => fig.set(bKey(j), n)} />
            </Fragment>
          ))}
          <Control fig={fig} name="y" format={fmt} />
        </>
      }
      table={
        r && (
          <table>
            <caption>The chain neuron by neuron (a₀ = {exact(r.a0)}, y = {exact(r.y)}, C = <Num v={r.cost} digits={4} />)</caption>
            <thead>
              <tr>
                <th scope="col">j</th><th scope="col">wⱼ</th><th scope="col">bⱼ</th><th scope="col">zⱼ</th>
                <th scope="col">σ′(zⱼ)</th><th scope="col">σ′(zⱼ) wⱼ₊₁ = (∂C/∂bⱼ) / (∂C/∂bⱼ₊₁)</th><th scope="col">∂C/∂bⱼ</th>
              </tr>
            </thead>
            <tbody>
              {J.map((j) => {
                const i = j - 1;
                return (
                  <tr key={j}>
                    <th scope="row">{j}</th>
                    <td data-w={r.w[i]} data-csv={csvData(sig(r.w[i], 4))}><Num v={r.w[i]} digits={4} /></td>
                    <td data-b={r.b[i]} data-csv={csvData(sig(r.b[i], 4))}><Num v={r.b[i]} digits={4} /></td>
                    <td data-z={r.z[i]} data-csv={csvData(sig(r.z[i], 4))}><Num v={r.z[i]} digits={4} /></td>
                    <td data-sigma-prime={r.sigmaPrime[i]} data-csv={csvData(sig(r.sigmaPrime[i], 4))}><Num v={r.sigmaPrime[i]} digits={4} /></td>
                    {i < r.factors.length ? <td data-factor={r.factors[i]} data-csv={csvData(sig(r.factors[i], 4))}><Num v={r.factors[i]} digits={4} /></td> : <td>–</td>}
                    <td data-grad={r.grads[i]} data-csv={csvData(sig(r.grads[i], 4))}><Num v={r.grads[i]} digits={4} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      }
    />
  );
}
