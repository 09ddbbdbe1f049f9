/**
 * Figure: validation accuracy per epoch for 1 to 4 hidden layers (E1), computed by the
 * `depth-accuracy` experiment. A quick budget by default (2 epochs over the 50,000 training
 * images); "Full protocol" runs the book's 30 epochs. The final table sits beside the book's numbers.
 */
import { scaleLinear } from 'd3-scale';
import { line, symbol } from 'd3-shape';
import { SERIES_STYLES } from './plot/series';
import type { ParamDecl } from '../../engine/params';
import { seedParam } from '../../engine/experiments/common';
import type { DepthAccuracyResult } from '../../engine/experiments/depth-accuracy';
import { useFigure } from '../lib/use-figure';
import { useWidth } from '../lib/use-width';
import { BOOK_DEPTH_ACCURACY } from './book-values';
import { Slider, Toggle } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame } from './FigureFrame';
import type { IslandProps } from './FigureFrame';

export const ID = 'depth-accuracy';

export const params = {
  full: { kind: 'boolean', default: false, label: 'Full protocol: 30 epochs (several minutes)' },
  epochs: { kind: 'int', default: 2, min: 1, max: 30, step: 1, label: 'Epochs (quick run)' },
  trainSize: { kind: 'int', default: 50000, min: 1000, max: 50000, step: 1000, label: 'Training images (quick run)' },
  seed: seedParam,
} satisfies ParamDecl;

type Values = { full: boolean; epochs: number; trainSize: number; seed: number };

/** The book's protocol is the experiment's default; the quick run only shortens it. */
export const job = (v: Values) => ({
  name: 'depth-accuracy',
  params: { depths: [1, 2, 3, 4], epochs: v.full ? 30 : v.epochs, trainSize: v.full ? 50000 : v.trainSize, validationSize: 10000, seed: v.seed },
});

type Props = IslandProps<Values, DepthAccuracyResult>;

const ASPECT = 3 / 2;
const M = { top: 12, right: 78, bottom: 44, left: 52 };
// Colour, marker shape, dash pattern and a label at the line's end each tell the depths apart.
const STYLE = SERIES_STYLES;
const pct = (a: number) => `${(100 * a).toFixed(2)}\u00a0%`;

/** End labels pushed apart vertically so that close curves stay readable (at least 14 px). */
function spread(ys: number[], gap = 14): number[] {
  const order = ys.map((y, i) => i).sort((a, b) => ys[a] - ys[b]);
  const out = ys.slice();
  for (let k = 1; k < order.length; k++) out[order[k]] = Math.max(out[order[k]], out[order[k - 1]] + gap);
  return out;
}

function Plot({ r, width }: { r: DepthAccuracyResult; width: number }) {
  const height = width / ASPECT;
  const all = r.runs.flatMap((x) => x.accuracy);
  const x = scaleLinear().domain([1, Math.max(r.epochs, 2)]).range([M.left, width - M.right]);
  const y = scaleLinear().domain([Math.min(0.9, ...all), 1]).range([height - M.bottom, M.top]).nice();
  const path = line<number>().x((_, e) => x(e + 1)).y((a) => y(a));
  const ends = r.runs.map((run) => (run.accuracy.length ? y(run.accuracy[run.accuracy.length - 1]) : 0));
  const labelY = spread(ends);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Line chart: validation accuracy against epoch for networks with 1 to 4 hidden layers">
      <AxisLeft scale={y} at={M.left} format={(v: number) => `${Math.round(v * 100)}%`} gridTo={width - M.right} label="validation accuracy" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={Math.min(r.epochs, width < 480 ? 4 : 8)} format={(v: number) => (Number.isInteger(v) ? String(v) : '')} label="epoch" />
      {r.runs.map((run, i) => {
        const st = STYLE[(run.hidden - 1) % STYLE.length];
        const n = run.accuracy.length;
        return (
          <g key={run.hidden}>
            <path d={path(run.accuracy) ?? ''} fill="none" stroke={st.stroke} stroke-width={2} stroke-dasharray={st.dash} />
            {run.accuracy.map((a, e) => (
              <path transform={`translate(${x(e + 1)},${y(a)})`} d={symbol(st.shape, 40)() ?? ''} fill={st.stroke} />
            ))}
            {n > 0 && <text x={x(n) + 8} y={labelY[i]} dy="0.32em" fill={st.stroke}>{run.hidden} hidden</text>}
          </g>
        );
      })}
    </svg>
  );
}

export default function DepthAccuracy(props: Props) {
  const fig = useFigure({ figureId: ID, decl: params, initialValues: props.initialValues, initial: props.initial, job, runOnLoad: false, long: true });
  const [ref, width] = useWidth<HTMLDivElement>();
  const v = fig.values.value;
  const r = (fig.partial.value as DepthAccuracyResult | undefined) ?? fig.result.value;
  const complete = !!r && r.runs.length === 4 && r.runs.every((x) => x.accuracy.length === r.epochs);
  const finals = r ? r.runs.filter((x) => x.accuracy.length).map((x) => `${x.hidden} hidden layer${x.hidden > 1 ? 's' : ''}: ${pct(x.accuracy[x.accuracy.length - 1])}${complete ? '' : ` after epoch ${x.accuracy.length}`}`) : [];
  const budget = r ? `${r.epochs} epoch${r.epochs > 1 ? 's' : ''} over ${r.trainSize.toLocaleString('en')} training images` : '';
  const summary = !r ? '' : complete
    ? `After ${budget}, validation accuracy on ${r.validationSize.toLocaleString('en')} images: ${finals.join('; ')}.`
    : `Unfinished run (planned: ${budget}); validation accuracy so far: ${finals.length ? finals.join('; ') : 'no epoch completed'}.`;
  return (
    <FigureFrame
      id={ID}
      number={props.number}
      caption={props.children ?? props.caption}
      fig={fig}
      summary={summary}
      aspect={ASPECT}
      run="full"
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }} data-epochs-done={r ? r.runs.map((x) => x.accuracy.length).join(',') : ''}>{r && <Plot r={r} width={width} />}</div>}
      controls={
        <>
          <p class="readout figure-note">
            {v.full
              ? 'Full protocol: the book’s 30 epochs over all 50,000 training images for each of the four networks, one after another. This takes several minutes; the estimate of the time left appears once it is under way.'
              : `Quick run: ${v.epochs} epoch${v.epochs > 1 ? 's' : ''} over ${v.trainSize.toLocaleString('en')} training images instead of the book’s 30 epochs over 50,000 (the default, 2 epochs over 50,000, takes about half a minute on a laptop). Validation always uses the 10,000 validation images. In so short a run the deeper networks are still climbing out of their slow start (Figures 3 and 4 show why); in the book’s full runs all four ended within half a percentage point of each other.`}
          </p>
          <Toggle figureId={ID} name="full" spec={params.full} value={v.full} onChange={(on) => fig.set('full', on)} />
          <Slider figureId={ID} name="epochs" spec={params.epochs} value={v.epochs} disabled={v.full} onInput={(n) => fig.set('epochs', n)} />
          <Slider figureId={ID} name="trainSize" spec={params.trainSize} value={v.trainSize} disabled={v.full} format={(n) => n.toLocaleString('en')} onInput={(n) => fig.set('trainSize', n)} />
          <Slider figureId={ID} name="seed" spec={params.seed} value={v.seed} onInput={(n) => fig.set('seed', n)} />
        </>
      }
      aside={
        r && (
          <table class="final-table">
            <caption>Final validation accuracy of this run beside the values published in the book (Nielsen 2015, ch. 5: 30 epochs over 50,000 images, unseeded runs, so compare roughly)</caption>
            <thead>
              <tr><th scope="col">Hidden layers</th><th scope="col">This run</th><th scope="col">The book</th></tr>
            </thead>
            <tbody>
              {[1, 2, 3, 4].map((h) => {
                const run = r.runs.find((x) => x.hidden === h);
                const a = run && run.accuracy.length ? run.accuracy[run.accuracy.length - 1] : undefined;
                return (
                  <tr data-hidden={h}>
                    <th scope="row">{h}</th>
                    <td data-accuracy={a ?? ''} data-epoch={run?.accuracy.length ?? 0}>{a === undefined ? 'not yet' : `${pct(a)}${run!.accuracy.length < r.epochs ? ` (epoch ${run!.accuracy.length})` : ''}`}</td>
                    <td>{BOOK_DEPTH_ACCURACY[h].toFixed(2)}{'\u00a0'}%</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      }
      table={
        r && (
          <table>
            <caption>Validation accuracy after each epoch, seed {v.seed}</caption>
            <thead><tr><th scope="col">Epoch</th>{r.runs.map((x) => <th scope="col">{x.hidden} hidden</th>)}</tr></thead>
            <tbody>
              {Array.from({ length: Math.max(0, ...r.runs.map((x) => x.accuracy.length)) }, (_, e) => (
                <tr>
                  <th scope="row">{e + 1}</th>
                  {r.runs.map((x) => <td>{e < x.accuracy.length ? pct(x.accuracy[e]) : '–'}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
