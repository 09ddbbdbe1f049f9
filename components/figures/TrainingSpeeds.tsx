/**
 * Figure: each hidden layer's speed of learning during full-batch training (E4), one line per
 * layer on a log scale against the epoch, streamed while the `training-speeds` experiment runs.
 * Start / Pause / Resume / Stop; the build's 500-epoch run is shown until the reader starts one.
 */
import { range } from 'd3-array';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { SERIES_STYLES } from './plot/series';
import type { ParamDecl } from '../../engine/params';
import { narrow } from '../../engine/params';
import { mnistSizes } from '../../engine/experiments/common';
import { trainingSpeedsParams as experiment } from '../../engine/experiments/training-speeds.params';
import type { TrainingSpeedsResult } from '../../engine/experiments/training-speeds';
import { useWidth } from '../lib/use-width';
import { Controls, Readout } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { logTicks, num, sig } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';
import { flippingDecay } from '../../engine/weight-decay';

export const ID = 'training-speeds';

// The experiment's parameters as this figure offers them (the experiment's sizes become a number
// of hidden layers, 2 to 4 as in the book); narrow() keeps each within the experiment's declaration.
export const params = {
  hidden: { kind: 'int', default: 4, min: 2, max: 4, step: 1, label: 'Hidden layers' },
  eta: experiment.eta,
  lambda: narrow(experiment.lambda, { step: 0.5 }),
  epochs: narrow(experiment.epochs, { min: 10, step: 10 }),
  seed: experiment.seed,
} satisfies ParamDecl;

type Values = { hidden: number; eta: number; lambda: number; epochs: number; seed: number };

/** Full-batch training on the first 1,000 images: n in the weight decay's ηλ/n. */
const SAMPLES = 1000;

export const job = (v: Values) => ({
  name: 'training-speeds',
  params: { sizes: mnistSizes(v.hidden), eta: v.eta, lambda: v.lambda, epochs: v.epochs, seed: v.seed, samples: SAMPLES },
});

type Props = IslandProps<Values, TrainingSpeedsResult>;

/** last / first hidden layer at epoch index e, or null where either speed is missing or zero. */
export function ratioAt(r: TrainingSpeedsResult, e: number): number | null {
  const first = r.speeds[0][e];
  const last = r.speeds[r.speeds.length - 1][e];
  return first && last ? last / first : null;
}

/**
 * A run whose speeds fell to exactly 0 (the reader's large η, typically) in words, since its curves
 * just stop: which layers, from when, and why (saturated sigmoids, and what drove them there).
 */
export function stalled(r: TrainingSpeedsResult, eta: number, lambda: number): string {
  const last = r.epochs - 1;
  const dead = r.speeds.flatMap((s, l) => (last >= 0 && !s[last] ? [l] : []));
  if (!dead.length) return '';
  const since = Math.min(...dead.map((l) => {
    let e = last;
    while (e > 0 && !r.speeds[l][e - 1]) e--;
    return e + 1;
  }));
  const who = dead.length === r.speeds.length ? 'every hidden layer' : `hidden layer${dead.length > 1 ? 's' : ''} ${dead.map((l) => l + 1).join(' and ')}`;
  const saturated = 'the sigmoids saturated, where σ(z) rounds to exactly 0 or 1 in float64 and σ′ = σ(1 − σ) to 0';
  const decay = flippingDecay(eta, lambda, SAMPLES);
  const why = decay
    ? `${decay} until ${saturated}. Trained for longer, the weights overflow and the run ends as diverged`
    : `${saturated}`;
  return `From epoch ${since}, ${who} learned at a speed of exactly 0: ${why}.`;
}

const ASPECT = 3 / 2;
const M = { top: 12, right: 64, bottom: 44, left: 64 };
// Colour, dash pattern and a label at the line's end each tell the layers apart.
const STYLE = SERIES_STYLES;

/** The end labels' least distance apart (px): one line of their text. */
const LABEL_GAP = 13;

/**
 * Label positions at least `gap` apart, each as near its own line's end as that allows and within
 * [top, bottom]: where lines end together (a run that diverged, its speeds all collapsed to the
 * same tiny value), the labels stack in layer order instead of printing over each other.
 */
export function spreadLabels(ys: (number | null)[], gap: number, top: number, bottom: number): (number | null)[] {
  const order = ys.map((y, i) => ({ y, i })).filter((p): p is { y: number; i: number } => p.y !== null).sort((a, b) => a.y - b.y || b.i - a.i);
  const out: (number | null)[] = ys.map(() => null);
  let prev = -Infinity;
  const placed = order.map((p) => (prev = Math.max(p.y, prev + gap)));
  // Pushed past the bottom: shift the whole stack up, keeping the gaps.
  const over = placed.length ? placed[placed.length - 1] - bottom : 0;
  order.forEach((p, k) => (out[p.i] = Math.max(top, placed[k] - Math.max(0, over))));
  return out;
}

function Plot({ r, width, planned }: { r: TrainingSpeedsResult; width: number; planned: number }) {
  const height = width / ASPECT;
  const all = r.speeds.flat().filter((s): s is number => s !== null && s > 0);
  const x = scaleLinear().domain([1, Math.max(planned, 2)]).range([M.left, width - M.right]);
  const y = scaleLog().domain(all.length ? [Math.min(...all), Math.max(...all)] : [1e-5, 1]).range([height - M.bottom, M.top]).nice();
  const path = line<number | null>().defined((s) => s !== null && s > 0).x((_, e) => x(e + 1)).y((s) => y(s!));
  const end = (s: (number | null)[]) => [...s].reverse().find((v): v is number => v !== null && v > 0);
  // Where each line's last drawn point is (a run whose speeds fell to exactly 0 stops drawing there).
  const endEpoch = (s: (number | null)[]) => s.length - [...s].reverse().findIndex((v) => v !== null && v > 0);
  const labelY = spreadLabels(r.speeds.map((s) => { const last = end(s); return last === undefined ? null : y(last); }), LABEL_GAP, M.top, height - M.bottom);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Line chart: speed of learning of each of ${r.speeds.length} hidden layers against the epoch, log scale`}>
      <AxisLeft scale={y} at={M.left} format={logTicks(y, 5)} gridTo={width - M.right} label="speed (log scale)" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={width < 480 ? 4 : 6} label="epoch" />
      {r.speeds.map((s, l) => {
        // Layer l keeps its look whatever the depth, as the depths do in Figure 1.
        const st = STYLE[l % STYLE.length];
        const last = end(s);
        return (
          <g key={l}>
            <path d={path(s) ?? ''} fill="none" stroke={st.stroke} stroke-width={2} stroke-dasharray={st.dash} />
            {last !== undefined && (
              <text x={x(endEpoch(s)) + 6} y={labelY[l] ?? y(last)} dy="0.32em" fill={st.stroke}>layer {l + 1}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}


export default function TrainingSpeeds(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job, runOnLoad: false, long: true });
  const [ref, width] = useWidth<HTMLDivElement>();
  const running = fig.state.value === 'running';
  // While a run streams (or after it was stopped) show its curves so far.
  const r = (fig.partial.value as TrainingSpeedsResult | undefined) ?? fig.result.value;
  const n = r?.epochs ?? 0;
  const ratio = r && n ? ratioAt(r, n - 1) : null;
  const ratios = r ? r.speeds[0].map((_, e) => ratioAt(r, e)).filter((q): q is number => q !== null) : [];
  const rows = n ? [...new Set([1, ...range(50, n + 1, 50), n])] : [];
  const ran = fig.shown.value;
  const summary = !r ? '' : ratio !== null
    ? `After ${n} epoch${n > 1 ? 's' : ''} with ${r.speeds.length} hidden layers, the last hidden layer learns ${num(ratio, 3)} times as fast as the first (between ${num(Math.min(...ratios), 3)} and ${num(Math.max(...ratios), 3)} times over the run).`
    : r.diverged ? '' : stalled(r, ran.eta, ran.lambda);
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      run="full"
      plot={
        <div ref={ref} style={{ width: '100%', height: '100%' }} data-epochs={n}>
          {r && <Plot r={r} width={width} planned={running ? v.epochs : r.planned} />}
        </div>
      }
      controls={
        <>
          <Controls fig={fig} names={['hidden', 'eta', 'lambda', 'epochs', 'seed']} />
          <Readout label={`Last / first hidden layer${n ? ` at epoch ${n}` : ''}:`} value={ratio === null ? '–' : `${num(ratio, 3)} times`} />
        </>
      }
      table={
        r && (
          <table data-ratio={ratio ?? undefined}>
            <caption>Speed of each hidden layer (norm of the mean ∂C/∂b before the update), every 50th epoch, seed {v.seed}</caption>
            <thead>
              <tr><th scope="col">Epoch</th>{r.speeds.map((_, l) => <th scope="col">Layer {l + 1}</th>)}<th scope="col">Last / first</th></tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr data-epoch={e}>
                  <th scope="row">{e}</th>
                  {r.speeds.map((s) => <td data-speed={s[e - 1] ?? ''} data-csv={s[e - 1] === null ? undefined : csvData(sig(s[e - 1]!, 3))}>{s[e - 1] === null ? '–' : <Num v={s[e - 1]!} digits={3} />}</td>)}
                  <td data-csv={ratioAt(r, e - 1) === null ? undefined : csvData(sig(ratioAt(r, e - 1)!, 3))}>{ratioAt(r, e - 1) === null ? '–' : <Num v={ratioAt(r, e - 1)!} digits={3} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
