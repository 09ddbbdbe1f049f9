/**
 * Figure: the bias gradient dC/db of each hidden neuron of a freshly initialised
 * [784, 30, 30, 10] network (E2), drawn as a signed bar on that neuron in a small network
 * diagram, with each hidden layer's speed printed under it. Computed by `gradient-bars`.
 */
import { scaleLinear } from 'd3-scale';
import type { ParamDecl } from '../../engine/params';
import { gradientBarsParams as experiment } from '../../engine/experiments/gradient-bars.params';
import type { GradientBarsResult } from '../../engine/experiments/gradient-bars';
import { useWidth } from '../lib/use-width';
import { Control } from './Controls';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { num, sig, spoken } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';
import { useSvgId } from '../lib/use-svg-id';

export const ID = 'gradient-bars';

// The experiment's own declarations (from its params module, which keeps the training engine out
// of the page's bundle), so a default changed there changes the figure too.
export const params = {
  shown: experiment.shown,
  seed: experiment.seed,
  init: experiment.init,
} satisfies ParamDecl;

type Values = { shown: number; seed: number; init: string };

export const job = (v: Values) => ({ name: 'gradient-bars', params: { seed: v.seed, init: v.init, shown: v.shown } });

type Props = IslandProps<Values, GradientBarsResult>;

/** Taller boxes when more neurons are shown, so rows stay about 10 px apart even at 360 px. */
export const aspectFor = (shown: number) => (shown <= 10 ? 3 / 2 : shown <= 20 ? 1.1 : 0.85);
const M = { top: 26, bottom: 66 };
const POS = 'var(--fig-pos)';
const NEG = 'var(--fig-neg)';

function Diagram({ result, width, hatch }: { result: GradientBarsResult; width: number; hatch: string }) {
  const height = width / aspectFor(result.shown);
  const n = result.shown;
  const span = height - M.top - M.bottom;
  const row = span / n;
  const rowY = (j: number, count: number) => M.top + ((j + 0.5) * span) / count;
  const xs = { input: 0.08 * width, h1: 0.36 * width, h2: 0.64 * width, out: 0.91 * width };
  const stubW = 40;
  const r = Math.max(2.5, Math.min(9, row * 0.36));
  const rOut = Math.max(2.5, Math.min(9, (span / 10) * 0.36));
  const barH = Math.max(3, Math.min(10, row * 0.5));
  // ONE scale for both layers, fixed by the largest |dC/db| over all 30 neurons of either layer,
  // so the layers compare directly and showing more neurons never rescales the bars already drawn.
  const maxAbs = Math.max(...result.layers.map((l) => l.maxAbs));
  // Bars reach at most 0.13 of the width each way: two facing bars never meet (columns are 0.28 apart).
  const half = Math.min(0.13 * width, 100);
  const len = scaleLinear().domain([0, maxAbs]).range([0, half]);
  const refTicks = len.ticks(2).filter((t) => t > 0);
  const ref = refTicks[refTicks.length - 1] ?? maxAbs;
  const hiddenX = [xs.h1, xs.h2];
  const stubPts = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => M.top + f * span);
  const legendY = height - 14;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={spoken(`Network diagram: ${n} of 30 neurons in each of two hidden layers, each with a bar for its gradient; hidden layer 2's bars are ${num(result.layers[1].meanAbs / result.layers[0].meanAbs, 2)} times as long on average`)}>
      <defs>
        <pattern id={hatch} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="4" height="4" fill="var(--fig-bg)" />
          <line x1="0" y1="0" x2="0" y2="4" stroke={NEG} stroke-width="2.2" />
        </pattern>
      </defs>
      <g stroke="var(--fig-row-rule)" stroke-width="0.7" aria-hidden="true">
        {stubPts.flatMap((y0, a) => Array.from({ length: n }, (_, j) => <line key={`i${a}-${j}`} x1={xs.input + stubW / 2} y1={y0} x2={xs.h1 - r} y2={rowY(j, n)} />))}
        {Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => <line key={`h${i}-${j}`} x1={xs.h1 + r} y1={rowY(i, n)} x2={xs.h2 - r} y2={rowY(j, n)} />))}
        {Array.from({ length: n }, (_, i) => Array.from({ length: 10 }, (_, k) => <line key={`o${i}-${k}`} x1={xs.h2 + r} y1={rowY(i, n)} x2={xs.out - rOut} y2={rowY(k, 10)} />))}
      </g>
      <g aria-hidden="true">
        <text x={xs.input} y={14} text-anchor="middle">input</text>
        <text x={xs.h1} y={14} text-anchor="middle">hidden 1</text>
        <text x={xs.h2} y={14} text-anchor="middle">hidden 2</text>
        <text x={xs.out} y={14} text-anchor="middle">output</text>
        <rect x={xs.input - stubW / 2} y={M.top} width={stubW} height={span} rx={6} fill="var(--fig-node)" stroke="var(--fig-axis)" />
        <text x={xs.input} y={M.top + span / 2 - 4} text-anchor="middle">784</text>
        <text x={xs.input} y={M.top + span / 2 + 10} text-anchor="middle" style={{ fontSize: '11px' }}>inputs</text>
        {Array.from({ length: 10 }, (_, k) => (
          <g key={k}>
            <circle cx={xs.out} cy={rowY(k, 10)} r={rOut} fill="var(--fig-bg)" stroke="var(--fig-node-edge)" />
            {rOut >= 4 && <text x={xs.out + rOut + 3} y={rowY(k, 10)} dy="0.32em" style={{ fontSize: '10px' }}>{k}</text>}
          </g>
        ))}
      </g>
      {result.layers.map((layer, l) => {
        const cx = hiddenX[l];
        return (
          <g key={l} data-layer={layer.layer}>
            <line x1={cx} x2={cx} y1={M.top - 4} y2={M.top + span + 4} stroke="var(--fig-axis)" stroke-dasharray="2 3" aria-hidden="true" />
            {layer.grads.map((g, j) => {
              const y = rowY(j, n);
              const w = len(Math.abs(g));
              return (
                <g key={j}>
                  <circle cx={cx} cy={y} r={r} fill="var(--fig-bg)" stroke="var(--fig-node-edge)" />
                  <rect x={g >= 0 ? cx : cx - w} y={y - barH / 2} width={w} height={barH}
                    fill={g >= 0 ? POS : `url(#${hatch})`} stroke={g >= 0 ? POS : NEG} stroke-width="1" />
                </g>
              );
            })}
            {n < layer.neurons && (
              <text x={cx} y={M.top + span + 16} text-anchor="middle" aria-hidden="true">+{layer.neurons - n} more</text>
            )}
            <text x={cx} y={M.top + span + 32} text-anchor="middle" font-weight="600">speed {num(layer.speed, 3)}</text>
          </g>
        );
      })}
      <g aria-hidden="true">
        <rect x={4} y={legendY - 9} width={16} height={9} fill={POS} />
        <text x={24} y={legendY}>positive →</text>
        <rect x={width * 0.34} y={legendY - 9} width={16} height={9} fill={`url(#${hatch})`} stroke={NEG} />
        <text x={width * 0.34 + 20} y={legendY}>← negative</text>
        <line x1={width * 0.68} x2={width * 0.68 + len(ref)} y1={legendY - 4} y2={legendY - 4} stroke="var(--fig-ink)" stroke-width="2" />
        <line x1={width * 0.68} x2={width * 0.68} y1={legendY - 8} y2={legendY} stroke="var(--fig-ink)" />
        <line x1={width * 0.68 + len(ref)} x2={width * 0.68 + len(ref)} y1={legendY - 8} y2={legendY} stroke="var(--fig-ink)" />
        <text x={width * 0.68 + len(ref) + 5} y={legendY}>= {num(ref, 2)}</text>
      </g>
    </svg>
  );
}

export default function GradientBars(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job });
  const [ref, width] = useWidth<HTMLDivElement>();
  const hatch = useSvgId('gb-hatch');
  const r = fig.result.value;
  const [l1, l2] = r ? r.layers : [];
  const summary = r
    ? `Hidden layer 1's speed is ${num(l1.speed, 3)}, hidden layer 2's is ${num(l2.speed, 3)}: ${num(l2.speed / l1.speed, 2)} times faster; the second layer's mean |∂C/∂b| is ${num(l2.meanAbs / l1.meanAbs, 2)} times the first layer's.`
    : '';
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={aspectFor(r ? r.shown : v.shown)}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Diagram result={r} width={width} hatch={hatch} />}</div>}
      controls={
        <>
          <Control fig={fig} name="shown" format={(k) => `${k} of 30`} />
          <Control fig={fig} name="seed" />
          <Control fig={fig} name="init" />
        </>
      }
      table={
        r && (
          <table>
            <caption>∂C/∂b of the first {r.shown} neurons of each hidden layer, mean over the first {r.samples} training images, seed {v.seed}</caption>
            <thead><tr><th scope="col">Neuron</th><th scope="col">Hidden layer 1</th><th scope="col">Hidden layer 2</th></tr></thead>
            <tbody>
              {l1.grads.map((_, j) => (
                <tr key={j}>
                  <th scope="row">{j + 1}</th>
                  {r.layers.map((l) => <td data-layer={l.layer} data-neuron={j + 1} data-grad={l.grads[j]} data-csv={csvData(sig(l.grads[j], 3))}><Num v={l.grads[j]} digits={3} /></td>)}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr><th scope="row">Speed (all 30)</th>{r.layers.map((l) => <td data-layer={l.layer} data-speed={l.speed} data-csv={csvData(sig(l.speed, 4))}><Num v={l.speed} digits={4} /></td>)}</tr>
              <tr><th scope="row">Mean |∂C/∂b| (all 30)</th>{r.layers.map((l) => <td data-layer={l.layer} data-mean-abs={l.meanAbs} data-csv={csvData(sig(l.meanAbs, 4))}><Num v={l.meanAbs} digits={4} /></td>)}</tr>
            </tfoot>
          </table>
        )
      }
    />
  );
}
