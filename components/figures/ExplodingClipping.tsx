/**
 * Figure (second chapter): every step's gradient norm (log scale) while a deep ReLU network with
 * a large learning rate trains, unclipped (it blows up within a few steps) and clipped by global
 * norm at the slider's threshold (drawn as a dotted line), with each run's validation accuracy.
 * Computed by the `exploding-clipping` experiment.
 */
import { scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import experiment from '../../engine/experiments/exploding-clipping';
import type { ClippingRun, ExplodingClippingResult } from '../../engine/experiments/exploding-clipping';
import { useBox } from '../lib/use-box';
import { csvData } from '../lib/export';
import { Control, Controls } from './Controls';
import { AxisBottom, AxisLeft, fittingLeft, textWidth } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { logTicks, num, sig } from './format';
import { Num } from './Spoken';

export const ID = 'exploding-clipping';

export const params = experiment.params satisfies ParamDecl;

type Values = { clip: number; eta: number; hidden: number; epochs: number; seed: number };

export const job = (v: Values) => ({ name: 'exploding-clipping', params: v });

type Props = IslandProps<Values, ExplodingClippingResult>;

const ASPECT = 16 / 9;
const M = { top: 16, right: 16, bottom: 44, left: 64 };
/** The legend: its width (its mark, then its longest words at 12 px) and the height of a row. */
const LEGEND_WIDTH = 240;
const ROW = 18;

function Plot({ r, width, height, clip }: { r: ExplodingClippingResult; width: number; height: number; clip: number }) {
  const steps = Math.max(r.unclipped.norms.length, r.clipped.norms.length, 1);
  // The legend sits above the plot, in two columns where they fit, else one: inside it, some run's
  // curve (the blow-up climbs the full height) always ended up under it at some width.
  const end = r.unclipped.norms.length;
  const diverged = !!r.unclipped.diverged && end > 0;
  const entries = diverged ? 4 : 3;
  const columns = width - M.left >= 2 * LEGEND_WIDTH ? 2 : 1;
  const legendRows = Math.ceil(entries / columns);
  const plotTop = M.top + legendRows * ROW + 6;
  const finite = [...r.unclipped.norms, ...r.clipped.norms, clip].filter((v) => Number.isFinite(v) && v > 0);
  // Steps on a log scale: the unclipped run blows up within its first few steps, which a linear
  // axis of hundreds of steps squeezed into a pixel or two at its left edge.
  const x = scaleLog().domain([1, Math.max(2, steps)]).range([M.left + 4, width - M.right]);
  // 1, 2, 5 in each decade; on a phone 1 and 5 (50, 100, 200, 500 ran together).
  const stepLabel = (t: number) => ((width < 480 ? /^[15]0*$/ : /^[125]0*$/).test(String(t)) ? String(t) : '');
  const y = scaleLog().domain([Math.min(...finite) / 3, Math.max(...finite) * 3]).range([height - M.bottom, plotTop]).nice();
  const ceiling = y.domain()[1];
  const path = (norms: number[]) => line<number>().x((_, i) => x(i + 1)).y((v) => y(Number.isFinite(v) ? v : ceiling))(norms) ?? '';
  const decades = Math.ceil(Math.log10(y.domain()[1] / y.domain()[0]));
  // About a label per 24 px of height: on a phone eleven labels (1 to 10⁵⁰) crowded together.
  const ticks = Math.min(8, decades, Math.max(2, Math.floor((height - M.bottom - plotTop) / 24)));
  const rows = [
    { mark: <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-red)" stroke-width={2} stroke-dasharray="6 3" />, text: 'unclipped (dashed)' },
    ...(diverged ? [{ mark: <text x={12} y={11} text-anchor="middle" font-size="14" font-weight="700" fill="var(--fig-red)">✕</text>, text: `diverged at step ${end}` }] : []),
    { mark: <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-blue)" stroke-width={1.5} />, text: 'clipped (solid; norm before clipping)' },
    { mark: <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-ink)" stroke-width={1.5} stroke-dasharray="2 3" />, text: `threshold ${num(clip, 3)} (dotted)` },
  ];
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label="Line chart on a log scale: the gradient norm at every training step, unclipped and clipped, with the clipping threshold">
      <AxisLeft scale={y} at={M.left} ticks={ticks} format={logTicks(y, ticks)} gridTo={width - M.right} label="gradient norm (log scale)" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={10} format={stepLabel} label="training step (mini-batches of 10, log scale)" />
      <line x1={M.left} x2={width - M.right} y1={y(clip)} y2={y(clip)} stroke="var(--fig-ink)" stroke-width={1.5} stroke-dasharray="2 3" />
      <path d={path(r.clipped.norms)} fill="none" stroke="var(--fig-blue)" stroke-width={1.5} />
      <path d={path(r.unclipped.norms)} fill="none" stroke="var(--fig-red)" stroke-width={2} stroke-dasharray="6 3" />
      {diverged && (
        <text x={x(end)} y={y(Number.isFinite(r.unclipped.norms[end - 1]) ? r.unclipped.norms[end - 1] : ceiling) + 4} text-anchor="middle" font-size="14" font-weight="700" fill="var(--fig-red)">✕</text>
      )}
      {/* The legend names every mark, the cross and the threshold's dotted line too: a label beside
          the cross or on the threshold (which sits just above the step axis) had no room of its own
          at a phone's width. Above the plot, row by row (down each column). */}
      <g class="legend" transform={`translate(${columns === 2 ? M.left : fittingLeft(M.left, width, 30 + Math.max(...rows.map((row) => textWidth(row.text, 12))))}, ${M.top - 10})`} font-size="12">
        {rows.map((row, i) => (
          <g key={i} transform={`translate(${Math.floor(i / legendRows) * LEGEND_WIDTH}, ${(i % legendRows) * ROW})`}>
            {row.mark}
            <text x={30} y={10} fill="var(--fig-ink)" class="halo">{row.text}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}

/** The share of all hidden units that ended dead (the layers may differ in width). */
function deadOverall(run: ClippingRun, sizes: number[]): number | undefined {
  if (!run.dead) return undefined;
  const widths = sizes.slice(1, -1);
  return run.dead.reduce((s, d, l) => s + d * widths[l], 0) / widths.reduce((s, n) => s + n, 0);
}

/** What a run did, in words. */
function outcome(run: ClippingRun, name: string, sizes: number[]): string {
  // A dash, not brackets: the engine's message is a sentence with a colon of its own.
  if (run.diverged) return `${name} diverged at step ${run.norms.length} — ${run.diverged.message}`;
  const last = run.accuracy[run.accuracy.length - 1];
  const dead = deadOverall(run, sizes);
  // The dead units are what a run left finite but useless has to show for it (the chapter's "Raise the threshold ... to 100").
  const parts = [
    ...(run.clip > 0 ? [`${num(100 * run.clipped, 3)}\u00a0% of its steps scaled down`] : []),
    ...(dead !== undefined ? [`${num(100 * dead, 3)}\u00a0% of its hidden units left dead (active on no training image)`] : []),
  ];
  return `${name} stayed finite and reached ${num(100 * last, 3)}\u00a0% validation accuracy${parts.length ? `, with ${parts.join(' and ')}` : ''}`;
}

const median = (v: number[]) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : NaN;
};

/** An epoch's median gradient norm as a table cell: num() for the reader, sig() for the CSV; – where none of its steps was finite. */
const normCell = (norms: number[]) => {
  const m = median(norms);
  if (!norms.length) return <td></td>;
  return Number.isNaN(m) ? <td>–</td> : <td data-csv={csvData(sig(m, 3))}><Num v={m} digits={3} /></td>;
};

export default function ExplodingClipping(props: Props) {
  // Two training runs take seconds: the build's result stays until a control changes (a reader
  // scrolling past should not start, and then hold paused, a job nobody asked for).
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job, runOnLoad: false });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  // The settings first: the caption gives the starting ones (ten layers, η = 0.5), the line those shown.
  const summary = r ? `${r.sizes.length - 2} hidden layers, η = ${num(r.eta, 3)}. ${outcome(r.unclipped, 'Unclipped, the network', r.sizes)}; ${outcome(r.clipped, `clipped at ${num(r.clipped.clip, 3)}, it`, r.sizes)}.` : '';
  const epochs = r ? Math.max(r.unclipped.accuracy.length, r.clipped.accuracy.length, Math.ceil(Math.max(r.unclipped.norms.length, r.clipped.norms.length) / r.stepsPerEpoch)) : 0;
  const perEpoch = (run: ClippingRun, e: number) => run.norms.slice(e * (r?.stepsPerEpoch ?? 1), (e + 1) * (r?.stepsPerEpoch ?? 1));
  return (
    <FigureFrame
      {...frame}
      run="stop"
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} clip={r.clipped.clip} />}</div>}
      controls={
        <>
          <Control fig={fig} name="clip" format={(n) => num(n, 3)} />
          <Control fig={fig} name="eta" format={(n) => num(n, 3)} />
          <Controls fig={fig} names={['hidden', 'epochs', 'seed']} />
        </>
      }
      table={
        r && (
          <table>
            <caption>Per epoch: median gradient norm of its steps and validation accuracy (blank after a run diverged)</caption>
            <thead>
              <tr><th scope="col">Epoch</th><th scope="col">Unclipped: median norm</th><th scope="col" data-csv={csvData('Unclipped: accuracy (%)')}>Unclipped: accuracy</th><th scope="col">Clipped: median norm</th><th scope="col" data-csv={csvData('Clipped: accuracy (%)')}>Clipped: accuracy</th></tr>
            </thead>
            <tbody>
              {Array.from({ length: epochs }, (_, e) => (
                <tr key={e}>
                  <th scope="row">{e + 1}</th>
                  {normCell(perEpoch(r.unclipped, e))}
                  <td data-unclipped-accuracy={r.unclipped.accuracy[e]} data-csv={csvData(r.unclipped.accuracy[e] !== undefined ? sig(100 * r.unclipped.accuracy[e], 3) : '')}>{r.unclipped.accuracy[e] !== undefined ? `${num(100 * r.unclipped.accuracy[e], 3)}\u00a0%` : ''}</td>
                  {normCell(perEpoch(r.clipped, e))}
                  <td data-clipped-accuracy={r.clipped.accuracy[e]} data-csv={csvData(r.clipped.accuracy[e] !== undefined ? sig(100 * r.clipped.accuracy[e], 3) : '')}>{r.clipped.accuracy[e] !== undefined ? `${num(100 * r.clipped.accuracy[e], 3)}\u00a0%` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
