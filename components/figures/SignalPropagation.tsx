/**
 * Figure (second chapter): layer by layer, the distribution of activations going forward (top),
 * how much they still differ between images (middle, log scale), and each example's
 * back-propagated gradient |dC/dz| coming back (bottom, log scale); distributions as quantile
 * bands: 5-95 % pale, 25-75 % darker, the median as a line with dots. Glorot and Bengio's (2010)
 * view of a network at initialisation, with the spread that pooled bands hide (a layer that gives
 * every image the same activations looks as healthy as any). Computed by `signal-propagation`.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import type { ScaleLogarithmic } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import experiment, { BAND_LEVELS } from '../../engine/experiments/signal-propagation';
import type { Band, SignalPropagationResult } from '../../engine/experiments/signal-propagation';
import { useBox } from '../lib/use-box';
import { csvData } from '../lib/export';
import { AxisBottom, AxisLeft, fittingLeft, textWidth } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { logTicks, num, sig } from './format';
import { Num, Spoken } from './Spoken';
import { describeConfig, RemedyControls, remedyJobParams } from './RemedyControls';
import type { RemedyValues } from './RemedyControls';

export const ID = 'signal-propagation';

export const params = experiment.params satisfies ParamDecl;

export const job = (v: RemedyValues) => ({ name: 'signal-propagation', params: remedyJobParams(v) });

type Props = IslandProps<RemedyValues, SignalPropagationResult>;

const ASPECT = 1;
/** Room for one layer number on the bottom axis, so that 2-digit numbers never run together. */
const TICK_SPACING = 36;
const M = { top: 22, right: 16, bottom: 40, left: 64 };

type Bands = (number | null)[][];

/**
 * Quantile bands over layers: 5-95 % wide and light, 25-75 % narrower and stronger, median line
 * with dots. A quantile that is exactly zero (null: a log axis has no place for it) is drawn at
 * `zeroAt`, the panel's labelled row for zero below its log scale.
 */
/**
 * A band per layer and its median. An exact zero (null: a ReLU that is off) has no place on a log
 * scale: a band reaching down to zero is drawn to the bottom of the axis (`floorAt`), and a zero
 * median is an open circle on the row marked 0 (`zeroAt`), with no line to or from it (a line
 * dropping to that row and back read as a gradient swinging wildly from layer to layer).
 */
function BandPlot({ bands, x, y, colour, zeroAt, floorAt = zeroAt }: { bands: Bands; x: (i: number) => number; y: (v: number) => number; colour: string; zeroAt: number; floorAt?: number }) {
  const at = (b: (number | null)[], k: number) => (b[k] === null ? floorAt : y(b[k] as number));
  const band = (lo: number, hi: number) => area<(number | null)[]>().x((_, i) => x(i + 1)).y0((b) => at(b, lo)).y1((b) => at(b, hi))(bands) ?? '';
  const median = line<(number | null)[]>().defined((b) => b[2] !== null).x((_, i) => x(i + 1)).y((b) => at(b, 2))(bands) ?? '';
  return (
    <g>
      <path d={band(0, 4)} fill={colour} fill-opacity={0.22} />
      <path d={band(1, 3)} fill={colour} fill-opacity={0.45} />
      <path class="band-median" d={median} fill="none" stroke={colour} stroke-width={2} />
      {bands.map((b, i) => b[2] === null
        ? <circle key={i} class="median-zero" cx={x(i + 1)} cy={zeroAt} r={3} fill="var(--fig-bg)" stroke={colour} stroke-width={1.5} />
        : <circle key={i} cx={x(i + 1)} cy={y(b[2] as number)} r={2.2} fill={colour} />)}
    </g>
  );
}

/** Room under a log scale for the row where exact zeros are drawn, set apart by a gap. */
const ZERO_ROW = 26;

/** One value per layer as a line with dots; an exact zero is an open circle on the row marked 0. */
function SeriesPlot({ values, x, y, colour, zeroAt }: { values: number[]; x: (i: number) => number; y: (v: number) => number; colour: string; zeroAt: number }) {
  const d = line<number>().defined((v) => v > 0).x((_, i) => x(i + 1)).y((v) => y(v))(values) ?? '';
  return (
    <g class="spread">
      <path class="spread-line" d={d} fill="none" stroke={colour} stroke-width={2} stroke-dasharray="6 3" />
      {values.map((v, i) => v > 0
        ? <circle key={i} cx={x(i + 1)} cy={y(v)} r={2.6} fill={colour} />
        : <circle key={i} class="spread-zero" cx={x(i + 1)} cy={zeroAt} r={3} fill="var(--fig-bg)" stroke={colour} stroke-width={1.5} />)}
    </g>
  );
}

/** The row marked 0 under a log scale, for values that are exactly zero. */
function ZeroRow({ y, from, to }: { y: number; from: number; to: number }) {
  return (
    <g class="zero-row">
      <line x1={from} x2={to} y1={y} y2={y} stroke="var(--fig-grid)" stroke-dasharray="2 3" />
      <text x={from - 6} y={y + 4} font-size="11" text-anchor="end" fill="var(--fig-muted)">0</text>
    </g>
  );
}

function Plot({ r, width, height }: { r: SignalPropagationResult; width: number; height: number }) {
  const GAP = 36;
  const panel = (height - M.top - M.bottom - 2 * GAP) / 3;
  // Tick counts a panel has room for: d3 rounds a count up to a nice step (5 over 15 decades gives
  // one every 2, eight labels), and a short panel (a phone on its side) ran its labels together.
  const room = Math.max(2, Math.floor(panel / 28));
  const n = r.layers.length;
  const x = scaleLinear().domain([1, n]).range([M.left + 8, width - M.right - 8]);
  // Top: activations on a linear scale, or on a log one when none is negative and they span more
  // than three decades (a skip network's grow layer by layer to millions: on a linear scale every
  // layer but the last few lay flat on the axis). Zeros then get a row of their own, as below.
  const acts = r.layers.flatMap((l) => l.activation);
  const lo = Math.min(0, ...acts), hi = Math.max(...acts);
  const medians = r.layers.map((l) => l.activation[2]).filter((a) => a > 0);
  const logActs = lo >= 0 && medians.length > 0 && hi / Math.min(...medians) > 1000;
  const actZeros = logActs && acts.some((a) => a === 0);
  const positive = acts.filter((a) => a > 0);
  const yA = logActs
    ? scaleLog().domain([Math.min(...positive) / 3, hi * 3]).range([M.top + panel - (actZeros ? ZERO_ROW : 0), M.top]).nice()
    : scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).range([M.top + panel, M.top]).nice();
  const actTicks = logActs ? Math.min(6, room, Math.ceil(Math.log10(yA.domain()[1] / yA.domain()[0]))) : Math.min(4, room);
  // Bottom: |dC/dz| on a log scale. Exact zeros (a ReLU that is off) have no place on it: they get
  // a row of their own under it, labelled 0 and set apart by a gap, so they never pass for values.
  const grads = r.layers.flatMap((l) => l.gradient).filter((g): g is number => g !== null && g > 0);
  const zeros = r.layers.some((l) => l.gradient.some((g) => g === null));
  const gMin = grads.length ? Math.min(...grads) : 1e-3, gMax = grads.length ? Math.max(...grads) : 1;
  // Middle: the spread between images, on a log scale (it falls by orders of magnitude where the
  // network forgets its input); a layer whose every image gives the same values sits on a 0 row.
  const topS = M.top + panel + GAP;
  const spreads = r.layers.map((l) => l.spread);
  const positiveSpreads = spreads.filter((s) => s > 0);
  const spreadZeros = positiveSpreads.length < spreads.length;
  const sMin = positiveSpreads.length ? Math.min(...positiveSpreads) : 1e-3, sMax = positiveSpreads.length ? Math.max(...positiveSpreads) : 1;
  const yS = scaleLog().domain([sMin / 3, sMax * 3]).range([topS + panel - (spreadZeros ? ZERO_ROW : 0), topS]).nice();
  const sTicks = Math.min(5, room, Math.ceil(Math.log10(yS.domain()[1] / yS.domain()[0])));
  const top2 = topS + panel + GAP;
  const zeroRow = zeros ? ZERO_ROW : 0;
  const yG = scaleLog().domain([gMin / 3, gMax * 3]).range([top2 + panel - zeroRow, top2]).nice();
  const zeroY = top2 + panel - 4;
  const decades = Math.ceil(Math.log10(yG.domain()[1] / yG.domain()[0]));
  const ticks = Math.min(6, room, decades);
  // On a phone the second panel's title says less, to fit (the caption and the table say "per example").
  const narrow = width < 480;
  const titles = [
    logActs ? 'activations a, forward → (log scale)' : 'activations a, forward →',
    narrow ? 'spread between images → (log scale)' : 'how much a differs between images, forward → (log scale)',
    narrow ? '← gradients |∂C/∂z|, backward (log scale)' : '← gradients |∂C/∂z| per example, backward (log scale)',
  ];
  // Each title from the plot's left edge, or further left where it would run past the figure's
  // right edge (at 320 px the gradients' title did).
  const title = (i: number, y: number) => <text x={fittingLeft(M.left, width, textWidth(titles[i], 12))} y={y} font-size="12" fill="var(--fig-ink)">{titles[i]}</text>;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`Three charts over ${n} hidden layers: bands of the activations going forward${logActs ? ' on a log scale' : ''}, their spread between images on a log scale, and bands of the back-propagated gradients on a log scale`}>
      {title(0, M.top - 8)}
      {logActs
        ? <AxisLeft scale={yA} at={M.left} ticks={actTicks} format={logTicks(yA as ScaleLogarithmic<number, number>, actTicks)} gridTo={width - M.right} />
        : <AxisLeft scale={yA} at={M.left} ticks={actTicks} gridTo={width - M.right} />}
      {actZeros && <ZeroRow y={M.top + panel - 4} from={M.left} to={width - M.right} />}
      {logActs
        ? <BandPlot bands={r.layers.map((l) => l.activation.map((a) => (a > 0 ? a : null)))} x={x} y={yA} colour="var(--fig-blue)" zeroAt={M.top + panel - 4} floorAt={yA.range()[0]} />
        : <BandPlot bands={r.layers.map((l) => l.activation)} x={x} y={yA} colour="var(--fig-blue)" zeroAt={yA(0)} />}
      {title(1, topS - 8)}
      <AxisLeft scale={yS} at={M.left} ticks={sTicks} format={logTicks(yS, sTicks)} gridTo={width - M.right} />
      {spreadZeros && <ZeroRow y={topS + panel - 4} from={M.left} to={width - M.right} />}
      <SeriesPlot values={spreads} x={x} y={yS} colour="var(--fig-green)" zeroAt={topS + panel - 4} />
      {title(2, top2 - 8)}
      <AxisLeft scale={yG} at={M.left} ticks={ticks} format={logTicks(yG, ticks)} gridTo={width - M.right} />
      {zeros && <ZeroRow y={zeroY} from={M.left} to={width - M.right} />}
      <BandPlot bands={r.layers.map((l) => l.gradient)} x={x} y={yG} colour="var(--fig-red)" zeroAt={zeroY} floorAt={yG.range()[0]} />
      <AxisBottom scale={x} at={height - M.bottom} ticks={Math.min(10, n, Math.floor((width - M.left - M.right) / TICK_SPACING))} format={(d: number) => (Number.isInteger(d) ? String(d) : '')} label="hidden layer (input side → output side)" />
    </svg>
  );
}

/** A band column's five CSV headers: "Activations a, 5th percentile" and so on. */
const bandHeader = (name: string) => csvData(...BAND_LEVELS.map((p) => `${name}, ${100 * p}th percentile`));
/** A band's five quantiles as text: for its CSV fields (sig, the default), or as a reader sees them (num). */
const bandValues = (b: Band | (number | null)[], format = sig) => b.map((q) => (q === null ? '0' : format(q, 3)));
/**
 * A band's five quantiles, "0.0805 · 0.369 · 0.553 · 0.757 · 0.897": each value with the dot after
 * it kept on one line, so a narrow table breaks the list between values, never before a dot (the
 * text is unchanged). The CSV has the five values as five fields, under five headers (bandHeader).
 */
const fmtBand = (b: Band | (number | null)[]) => {
  const values = bandValues(b, num);
  return values.flatMap((t, i) => (i < values.length - 1 ? [<span class="nowrap"><Spoken text={t} /> ·</span>, ' '] : [<span class="nowrap"><Spoken text={t} /></span>]));
};

export default function SignalPropagation(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  let summary = '';
  if (r) {
    const first = r.layers[0], last = r.layers[r.layers.length - 1];
    const g1 = first.gradient[2], gL = last.gradient[2];
    // A null median: more than half of that layer's gradients are exactly zero (ReLUs that are off).
    const half = (where: string) => `more than half the gradients in the ${where} are exactly zero (drawn on the row marked 0)`;
    const grad = g1 === null && gL === null ? half('first and the last hidden layer')
      : g1 === null ? `${half('first hidden layer')}; the median at the last is ${num(gL as number, 2)}`
      : gL === null ? `the median gradient is ${num(g1, 2)} at the first hidden layer; ${half('last')}`
      : `the median gradient is ${num(g1, 2)} at the first hidden layer and ${num(gL, 2)} at the last`;
    summary = `With ${r.layers.length} hidden layers (${describeConfig(v)}): the middle half of the activations spans ${num(first.activation[1], 2)} to ${num(first.activation[3], 2)} in the first hidden layer and ${num(last.activation[1], 2)} to ${num(last.activation[3], 2)} in the last, and their spread between images is ${num(first.spread, 2)} in the first and ${num(last.spread, 2)} in the last; ${grad}.`;
  }
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={3 / 5}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} />}</div>}
      controls={<RemedyControls fig={fig} />}
      table={
        r && (
          <table>
            <caption>Per hidden layer, over 1,000 images × 30 neurons: the quantiles {BAND_LEVELS.map((p) => 100 * p).join(' · ')}{'\u00a0'}% of the activations and of the gradients, the activations' spread between images (the root mean square over the neurons of each one's standard deviation over the images) and the share of gradients that are exactly zero; seed {v.seed}: {describeConfig(v)}</caption>
            <thead>
              <tr><th scope="col">Hidden layer</th><th scope="col" data-csv={bandHeader('Activations a')}>Activations a</th><th scope="col" data-csv={csvData('Spread between images')}>Spread between images</th><th scope="col" data-csv={bandHeader('Gradients |∂C/∂z|')}>Gradients |∂C/∂z|</th><th scope="col" data-csv={csvData('Gradients exactly zero (%)')}>Gradients exactly zero</th></tr>
            </thead>
            <tbody>
              {r.layers.map((l, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td data-activation={JSON.stringify(l.activation)} data-csv={csvData(...bandValues(l.activation))}>{fmtBand(l.activation)}</td>
                  <td data-spread={l.spread} data-csv={csvData(sig(l.spread, 3))}><Num v={l.spread} digits={3} /></td>
                  <td data-gradient={JSON.stringify(l.gradient)} data-csv={csvData(...bandValues(l.gradient))}>{fmtBand(l.gradient)}</td>
                  <td data-zero={l.zero} data-csv={csvData(sig(100 * l.zero, 3))}><Num v={100 * l.zero} digits={3} />{'\u00a0'}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
