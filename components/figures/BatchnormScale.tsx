/**
 * Figure (second chapter): multiply the weights into one hidden layer by k; how much does each
 * hidden layer's speed of learning change (after / before, log scale), without normalisation
 * (dashed, squares) and with batch norm (solid, circles)? Reference lines at 1 (unchanged) and at
 * k. Computed by the `batchnorm-scale` experiment.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import experiment from '../../engine/experiments/batchnorm-scale';
import type { BatchnormScaleResult } from '../../engine/experiments/batchnorm-scale';
import { useBox } from '../lib/use-box';
import { csvData } from '../lib/export';
import { Control, Controls, Slider } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { num, sig, spoken } from './format';
import { Num } from './Spoken';

export const ID = 'batchnorm-scale';

export const params = experiment.params satisfies ParamDecl;

type Values = { hidden: number; layer: number; k: number; activation: string; init: string; seed: number };

/** A scaled layer deeper than the network is refused (a link, a placement) with the experiment's message. */
export const check = (values: Values): string[] => experiment.check?.(values as never) ?? [];

/** The scaled layer cannot be deeper than the network: the slider's value is capped at its depth. */
export const job = (v: Values) => ({ name: 'batchnorm-scale', params: { ...v, layer: Math.min(v.layer, v.hidden) } });

type Props = IslandProps<Values, BatchnormScaleResult>;

const ASPECT = 16 / 9;
const M = { top: 16, right: 96, bottom: 44, left: 64 };
/** Below this width the legend's two entries take two rows. */
const NARROW = 480;

/**
 * The legend sits above the plot, in a band of its own: inside the plot there is no corner the
 * lines are sure to leave free (they run anywhere from the bottom, k < 1, to the top).
 */
function Legend({ x, y, narrow }: { x: number; y: number; narrow: boolean }) {
  const second = narrow ? { dx: 0, dy: 20 } : { dx: 150, dy: 0 };
  return (
    <g class="legend" transform={`translate(${x}, ${y})`} font-size="12">
      <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-red)" stroke-width={2} stroke-dasharray="6 3" />
      <rect x={8} y={2} width={8} height={8} fill="var(--fig-red)" />
      <text x={30} y={10} fill="var(--fig-ink)">no normalisation</text>
      <g transform={`translate(${second.dx}, ${second.dy})`}>
        <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-blue)" stroke-width={2} />
        <circle cx={12} cy={6} r={4} fill="var(--fig-blue)" />
        <text x={30} y={10} fill="var(--fig-ink)">batch norm</text>
      </g>
    </g>
  );
}

function Plot({ r, width, height }: { r: BatchnormScaleResult; width: number; height: number }) {
  const narrow = width < NARROW;
  const top = M.top + (narrow ? 40 : 22);
  const n = r.none.ratio.length;
  const all = [...r.none.ratio, ...r.batch.ratio, r.k, 1].filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...all), hi = Math.max(...all);
  const x = scaleLinear().domain([0.5, n + 0.5]).range([M.left, width - M.right]);
  const y = scaleLog().domain([lo / 2, hi * 2]).range([height - M.bottom, top]).nice();
  const path = (v: number[]) => line<number>().x((_, i) => x(i + 1)).y((d) => y(d))(v) ?? '';
  const ref = (v: number, text: string) => (
    <g>
      <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} stroke="var(--fig-ink)" stroke-width={1} stroke-dasharray="2 3" />
      <text x={width - M.right + 6} y={y(v) + 4} font-size="12" fill="var(--fig-ink)">{text}</text>
    </g>
  );
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={spoken(`Chart on a log scale: for each of ${n} hidden layers, its speed after scaling hidden layer ${r.layer}'s weights by ${num(r.k, 3)} divided by its speed before, without normalisation and with batch norm`)}>
      <AxisLeft scale={y} at={M.left} ticks={5} format={y.tickFormat(5, '~g')} gridTo={width - M.right} label="speed after / before (log)" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={n} format={(d: number) => (Number.isInteger(d) ? String(d) : '')} label="hidden layer" />
      <rect x={x(r.layer - 0.5)} width={x(1.5) - x(0.5)} y={top} height={height - top - M.bottom} fill="var(--fig-grid)" opacity={0.8} />
      <text x={x(r.layer)} y={top + 12} text-anchor="middle" font-size="12" fill="var(--fig-ink)">× {num(r.k, 3)}</text>
      {ref(1, 'unchanged')}
      {r.k !== 1 && ref(r.k, `× k`)}
      <path d={path(r.none.ratio)} fill="none" stroke="var(--fig-red)" stroke-width={2} stroke-dasharray="6 3" />
      {r.none.ratio.map((v, i) => <rect key={i} x={x(i + 1) - 4} y={y(v) - 4} width={8} height={8} fill="var(--fig-red)" />)}
      <path d={path(r.batch.ratio)} fill="none" stroke="var(--fig-blue)" stroke-width={2} />
      {r.batch.ratio.map((v, i) => <circle key={i} cx={x(i + 1)} cy={y(v)} r={4} fill="var(--fig-blue)" />)}
      <Legend x={M.left} y={M.top - 8} narrow={narrow} />
    </svg>
  );
}

/** The largest change, either way, as a factor >= 1. */
const spread = (ratio: number[]) => Math.max(...ratio.map((q) => (q >= 1 ? q : 1 / q)));

export default function BatchnormScale(props: Props) {
  const { fid, fig, v, frame } = useIsland(ID, props, { decl: params, job, check });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  // How far batch norm lets a speed move, in words a reader can take in ("9.1e-4 %" is not), with
  // a non-breaking space before the % so that a narrow status line never starts a line with it.
  const moved = r ? 100 * (spread(r.batch.ratio) - 1) : 0;
  const movedText = moved < 0.01 ? 'every speed moves by less than 0.01\u00a0%' : `no speed moves by more than ${num(moved, 2)}\u00a0%`;
  const summary = !r ? ''
    : r.k === 1 ? `Multiplying the weights into hidden layer ${r.layer} by 1 changes nothing: every speed stays as it was, with or without batch norm. Move k to see the difference.`
    : `Multiplying the weights into hidden layer ${r.layer} by ${num(r.k, 3)}: without normalisation the speeds change by up to ${num(spread(r.none.ratio), 3)} times (hidden layer 1: ×\u00a0${num(r.none.ratio[0], 3)}); with batch norm ${movedText}.`;
  const layerSpec = { ...params.layer, max: v.hidden };
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} />}</div>}
      controls={
        <>
          <Control fig={fig} name="k" format={(n) => num(n, 3)} />
          <Slider figureId={fid} name="layer" spec={layerSpec} value={Math.min(v.layer, v.hidden)} onInput={(n) => fig.set('layer', n)} />
          {/* Fewer hidden layers than the scaled one's number: the scaled layer comes along (the
              last one), so the control, the link and the run agree rather than the job capping it. */}
          <Slider figureId={fid} name="hidden" spec={params.hidden} value={v.hidden} onInput={(n) => fig.setMany(n < v.layer ? { hidden: n, layer: n } : { hidden: n })} />
          <Controls fig={fig} names={['activation', 'init', 'seed']} />
        </>
      }
      table={
        r && (
          <table>
            <caption>Speed of learning per hidden layer before and after multiplying the weights into hidden layer {r.layer} by <Num v={r.k} digits={3} /></caption>
            <thead>
              <tr><th scope="col" data-csv={csvData(`Hidden layer (${r.layer} scaled by ${sig(r.k, 3)})`)}>Hidden layer</th><th scope="col">No norm: before</th><th scope="col">No norm: after</th><th scope="col">Batch norm: before</th><th scope="col">Batch norm: after</th></tr>
            </thead>
            <tbody>
              {r.none.before.map((_, i) => (
                <tr key={i}>
                  <th scope="row" data-csv={csvData(i + 1)}>{i + 1}{i + 1 === r.layer ? ' (scaled)' : ''}</th>
                  <td data-csv={csvData(sig(r.none.before[i], 4))}><Num v={r.none.before[i]} digits={4} /></td>
                  <td data-none-ratio={r.none.ratio[i]} data-csv={csvData(sig(r.none.after[i], 4))}><Num v={r.none.after[i]} digits={4} /></td>
                  <td data-csv={csvData(sig(r.batch.before[i], 4))}><Num v={r.batch.before[i]} digits={4} /></td>
                  <td data-batch-ratio={r.batch.ratio[i]} data-csv={csvData(sig(r.batch.after[i], 4))}><Num v={r.batch.after[i]} digits={4} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
