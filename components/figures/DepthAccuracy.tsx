/**
 * Figure: validation accuracy against training time for 1 to 4 hidden layers (E1), computed by
 * the `depth-accuracy` experiment: the book's full protocol by default (30 epochs over 50,000
 * images, the four networks trained side by side on the workers the engine client can spare),
 * or a quick run. Five evaluations per epoch, so the deep networks' slow start shows within the
 * first epoch. The final table sits beside the book's numbers.
 */
import { scaleLinear } from 'd3-scale';
import type { ScaleLinear } from 'd3-scale';
import { line, symbol } from 'd3-shape';
import { SERIES_STYLES } from './plot/series';
import type { ParamDecl } from '../../engine/params';
import { narrow } from '../../engine/params';
import { depthAccuracyParams as experiment } from '../../engine/experiments/depth-accuracy.params';
import type { DepthAccuracyResult, DepthRun } from '../../engine/experiments/depth-accuracy';
import { useBox } from '../lib/use-box';
import { csvData } from '../lib/export';
import { BOOK_DEPTH_ACCURACY } from './book-values';
import { Control } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';

export const ID = 'depth-accuracy';

// `full` is the figure's own switch between the book's protocol and a quick run of `epochs` over
// `trainSize` images, each narrowed from the experiment's declaration.
export const params = {
  full: { kind: 'boolean', default: true, label: 'Full protocol: the book’s 30 epochs over 50,000 images (takes a while); off for a quick run' },
  epochs: narrow(experiment.epochs, { default: 2, max: 30, label: 'Epochs (quick run)' }),
  trainSize: narrow(experiment.trainSize, { min: 1000, step: 1000, label: 'Training images (quick run)' }),
  seed: experiment.seed,
} satisfies ParamDecl;

type Values = { full: boolean; epochs: number; trainSize: number; seed: number };

/** Evaluations per epoch: four within it on the first CHECKPOINT_SIZE validation images, one at its end on all. */
const PER_EPOCH = 5;
const CHECKPOINT_SIZE = 1000;
/** "Learning" in the table: the first evaluation above this accuracy (chance is 0.1). */
const LEARNING = 0.5;

/** The book's protocol is the experiment's default; the quick run only shortens it. */
export const job = (v: Values) => ({
  name: 'depth-accuracy',
  params: {
    depths: [1, 2, 3, 4],
    epochs: v.full ? 30 : v.epochs,
    trainSize: v.full ? 50000 : v.trainSize,
    validationSize: 10000,
    perEpoch: PER_EPOCH,
    checkpointSize: CHECKPOINT_SIZE,
    seed: v.seed,
  },
});

type Props = IslandProps<Values, DepthAccuracyResult>;

export interface Point { at: number; accuracy: number; whole: boolean }

/** Every evaluation in order of training time: within epochs (subsample) and at their ends (all images). */
function pointsOf(run: DepthRun): Point[] {
  const within = run.checkpoints.map((c) => ({ at: c.at, accuracy: c.accuracy, whole: false }));
  const ends = run.accuracy.map((a, e) => ({ at: e + 1, accuracy: a, whole: true }));
  return [...within, ...ends].sort((p, q) => p.at - q.at);
}

const ASPECT = 3 / 2;
/**
 * Each line's label at its end starts with a key: a sample of the line's dash pattern with its
 * marker (only the marker on a phone), because the four lines end within a point of one another
 * and their labels, pushed apart to stay readable, do not always sit on their own line.
 */
const KEY = { wide: 22, gap: 4 };
const M_WIDE = { top: 12, right: 78 + KEY.wide + KEY.gap, bottom: 44, left: 52 };
/**
 * Below this width the labels at the lines' ends would take a third of the plot: the key goes in
 * two rows above it instead (each depth's dash pattern, marker and name), and the plot gets the
 * width. The box is taller there (NARROW_ASPECT), so the rows cost the curves no height.
 */
const NARROW = 480;
const NARROW_ASPECT = 1.1;
const LEGEND_ROW = 18;
const M_NARROW = { top: 12 + 2 * LEGEND_ROW + 6, right: 16, bottom: 44, left: 52 };
// Colour, marker shape, dash pattern and a label at the line's end each tell the depths apart.
const STYLE = SERIES_STYLES;
const pctNumber = (a: number) => (100 * a).toFixed(2);
const pct = (a: number) => `${pctNumber(a)}\u00a0%`;
const epochWord = (at: number) => `${Number(at.toFixed(2))}`;

/**
 * The x of the lines' end labels: all in one column just right of the furthest end. The four
 * networks train side by side at their own pace, so mid-run (or after Stop) their curves end at
 * different epochs; a label at its own line's end then sat on the curves of the networks ahead.
 * Right of the furthest end no curve runs. A label away from its line's end gets a leader.
 */
export const labelColumn = (ends: (Point | undefined)[], x: (at: number) => number) =>
  Math.max(...ends.filter((p): p is Point => !!p).map((p) => x(p.at))) + 8;

/** A faint dotted line from a line's end to its label, where the label's column is away from it. */
function Leader({ from, to, stroke }: { from: [number, number]; to: [number, number]; stroke: string }) {
  if (to[0] - from[0] < 14) return null;
  return <line class="label-leader" x1={from[0] + 4} y1={from[1]} x2={to[0] - 3} y2={to[1]} stroke={stroke} stroke-width={1} stroke-dasharray="1 3" />;
}

/** End labels pushed apart vertically so that close curves stay readable (at least 14 px). */
function spread(ys: number[], gap = 14): number[] {
  const order = ys.map((y, i) => i).sort((a, b) => ys[a] - ys[b]);
  const out = ys.slice();
  for (let k = 1; k < order.length; k++) out[order[k]] = Math.max(out[order[k]], out[order[k - 1]] + gap);
  return out;
}

/**
 * The line joins evaluations on one image set: the subsample's, where there are points within
 * epochs (joining them to the epochs' ends on all images would draw a saw-tooth of the two sets'
 * difference), else the epochs' ends. The markers are the epochs' ends on all validation images.
 */
const traced = (s: Point[]) => (s.some((p) => !p.whole) ? s.filter((p) => !p.whole) : s);

/**
 * The inset: the four networks end within a point of one another, a few pixels apart on the main
 * plot's axis, which must reach down to chance for the deep networks' slow start. Once the
 * epochs from a third of the run onwards are done, their ends (on all validation images) are
 * drawn again, magnified, in the corner below the curves. Only where that corner is empty: the
 * curves to the right of the inset's left edge must all lie above its top, so a quick run whose
 * networks are still climbing gets no inset, and a phone's plot (too narrow to read one) neither.
 */
const INSET = { minPlot: 400, minHeight: 130, maxHeight: 240, gap: 14, left: 46, right: 62, top: 26, bottom: 22 };

export interface InsetProps {
  r: DepthAccuracyResult;
  series: Point[][];
  x: (v: number) => number;
  y: ScaleLinear<number, number>;
  right: number;
  bottom: number;
}

/** Where the inset goes and what it shows, or null where it would not fit or would hide a curve. */
export function insetLayout({ r, series, x, y, right, bottom }: InsetProps) {
  const from = Math.ceil(r.epochs / 3);
  const ends = series.map((s) => s.filter((p) => p.whole && p.at >= from));
  if (r.epochs < 6 || x(r.epochs) - x(0) < INSET.minPlot || ends.every((e) => e.length < 2)) return null;
  const left = x(r.epochs * 0.4);
  // The lowest point of any curve right of the inset's left edge, and the last one before it,
  // whose segment crosses that edge (pixels grow downwards). None there yet: no inset yet.
  const beyond = series.flat().filter((p) => x(p.at) >= left);
  if (!beyond.length) return null;
  const crossing = series.map((s) => s.filter((p) => x(p.at) < left).at(-1)).filter((p): p is Point => !!p);
  const lowest = Math.max(...[...beyond, ...crossing].map((p) => y(p.accuracy)));
  const top = Math.max(lowest + INSET.gap, bottom - INSET.maxHeight);
  if (bottom - top < INSET.minHeight) return null;
  return { from, ends, box: { x0: left, x1: right, y0: top, y1: bottom } };
}

function Inset({ layout, r, markerSize }: { layout: NonNullable<ReturnType<typeof insetLayout>>; r: DepthAccuracyResult; markerSize: number }) {
  const { from, ends, box } = layout;
  const values = ends.flat().map((p) => p.accuracy);
  const lo = Math.min(...values), hi = Math.max(...values);
  // At least a point's span, so a run whose networks end together is not magnified into noise.
  const pad = Math.max(0.01 - (hi - lo), 0) / 2 + (hi - lo) * 0.08;
  const ix = scaleLinear().domain([from, r.epochs]).range([box.x0 + INSET.left, box.x1 - INSET.right]);
  const iy = scaleLinear().domain([lo - pad, hi + pad]).range([box.y1 - INSET.bottom, box.y0 + INSET.top]).nice(4);
  const path = line<Point>().x((p) => ix(p.at)).y((p) => iy(p.accuracy));
  const labelY = spread(ends.map((e) => (e.length ? iy(e[e.length - 1].accuracy) : 0)), 13);
  const labelX = labelColumn(ends.map((e) => e.at(-1)), ix);
  const step = iy.ticks(4).length > 1 ? iy.ticks(4)[1] - iy.ticks(4)[0] : 0.01;
  const digits = step < 0.01 ? 1 : 0;
  return (
    <g class="depth-inset">
      <rect class="inset-frame" x={box.x0} y={box.y0} width={box.x1 - box.x0} height={box.y1 - box.y0} rx={3} />
      <text class="axis-label" x={box.x0 + 8} y={box.y0 + 14}>Epochs {from}–{r.epochs}, magnified</text>
      <AxisLeft scale={iy} at={box.x0 + INSET.left} ticks={4} format={(v: number) => `${(100 * v).toFixed(digits)}%`} gridTo={box.x1 - INSET.right} />
      <AxisBottom scale={ix} at={box.y1 - INSET.bottom} ticks={4} format={(v: number) => (Number.isInteger(v) ? String(v) : '')} />
      {ends.map((e, i) => {
        const run = r.runs[i];
        const st = STYLE[(run.hidden - 1) % STYLE.length];
        const marker = symbol(st.shape, markerSize)() ?? '';
        if (!e.length) return null;
        const last = e[e.length - 1];
        return (
          <g key={run.hidden}>
            <path d={path(e) ?? ''} fill="none" stroke={st.stroke} stroke-width={1.5} stroke-dasharray={st.dash} />
            {e.map((p) => <path transform={`translate(${ix(p.at)},${iy(p.accuracy)})`} d={marker} fill={st.stroke} />)}
            <Leader from={[ix(last.at), iy(last.accuracy)]} to={[labelX, labelY[i]]} stroke={st.stroke} />
            <text x={labelX} y={labelY[i]} dy="0.32em" fill={st.stroke}>{run.hidden} hidden</text>
          </g>
        );
      })}
    </g>
  );
}

function Plot({ r, width, height }: { r: DepthAccuracyResult; width: number; height: number }) {
  // The box's own shape decides, as the CSS that gives it (a phone's screen, not a small embed on a
  // wide one, where the box keeps the wide shape and the end labels their room).
  const narrow = width < NARROW && height / width > 0.8;
  const M = narrow ? M_NARROW : M_WIDE;
  const key = KEY.wide;
  const series = r.runs.map(pointsOf);
  const all = series.flat().map((p) => p.accuracy);
  const x = scaleLinear().domain([0, Math.max(r.epochs, 1)]).range([M.left, width - M.right]);
  const y = scaleLinear().domain([Math.min(0.9, ...all), 1]).range([height - M.bottom, M.top]).nice();
  const path = line<Point>().x((p) => x(p.at)).y((p) => y(p.accuracy));
  const ends = series.map((s) => (s.length ? y(s[s.length - 1].accuracy) : 0));
  const labelY = spread(ends);
  const labelX = labelColumn(series.map((s) => s.at(-1)), x);
  const markerSize = r.epochs > 10 ? 20 : 40;
  const inset = narrow ? null : insetLayout({ r, series, x, y, right: width - M.right - 10, bottom: height - M.bottom - 10 });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Line chart: validation accuracy against epochs of training for networks with 1 to 4 hidden layers${inset ? `, with an inset magnifying epochs ${inset.from} to ${r.epochs}` : ''}`}>
      <AxisLeft scale={y} at={M.left} format={(v: number) => `${Math.round(v * 100)}%`} gridTo={width - M.right} label="validation accuracy" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={Math.min(r.epochs, narrow ? 4 : 8)} format={(v: number) => (Number.isInteger(v) ? String(v) : '')} label="epochs of training" />
      {r.runs.map((run, i) => {
        const st = STYLE[(run.hidden - 1) % STYLE.length];
        const s = series[i];
        const marker = symbol(st.shape, markerSize)() ?? '';
        return (
          <g key={run.hidden}>
            <path d={path(traced(s)) ?? ''} fill="none" stroke={st.stroke} stroke-width={2} stroke-dasharray={st.dash} />
            {s.filter((p) => p.whole).map((p) => (
              <path transform={`translate(${x(p.at)},${y(p.accuracy)})`} d={marker} fill={st.stroke} />
            ))}
            {!narrow && s.length > 0 && (
              <Leader from={[x(s[s.length - 1].at), y(s[s.length - 1].accuracy)]} to={[labelX, labelY[i]]} stroke={st.stroke} />
            )}
            {(narrow || s.length > 0) && (
              <g class="series-key" transform={narrow
                ? `translate(${M.left + (i % 2) * ((width - M.left - M.right) / 2)},${12 + Math.floor(i / 2) * LEGEND_ROW})`
                : `translate(${labelX},${labelY[i]})`}>
                <line x1={0} x2={key} y1={0} y2={0} stroke={st.stroke} stroke-width={2} stroke-dasharray={st.dash} />
                <path transform={`translate(${key / 2},0)`} d={marker} fill={st.stroke} />
                <text x={key + KEY.gap} dy="0.32em" fill={st.stroke}>{run.hidden} hidden</text>
              </g>
            )}
          </g>
        );
      })}
      {inset && <Inset layout={inset} r={r} markerSize={markerSize} />}
    </svg>
  );
}

export default function DepthAccuracy(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job, runOnLoad: false, long: true, startOnChange: false });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = (fig.partial.value as DepthAccuracyResult | undefined) ?? fig.result.value;
  const runOf = (h: number) => r?.runs.find((x) => x.hidden === h);
  const complete = !!r && [1, 2, 3, 4].every((h) => runOf(h)?.accuracy.length === r.epochs);
  const finals = r ? r.runs.filter((x) => x.accuracy.length).map((x) => `${x.hidden} hidden layer${x.hidden > 1 ? 's' : ''}: ${pct(x.accuracy[x.accuracy.length - 1])}${complete ? '' : ` after epoch ${x.accuracy.length}`}`) : [];
  const budget = r ? `${r.epochs} epoch${r.epochs > 1 ? 's' : ''} over ${r.trainSize.toLocaleString('en')} training images` : '';
  const summary = !r ? '' : complete
    ? `After ${budget}, validation accuracy on ${r.validationSize.toLocaleString('en')} images: ${finals.join('; ')}.`
    : `Unfinished run (planned: ${budget}); validation accuracy so far: ${finals.length ? finals.join('; ') : 'no epoch completed'}.`;
  const finalOf = (h: number) => {
    const run = runOf(h);
    return run && run.accuracy.length ? run.accuracy[run.accuracy.length - 1] : undefined;
  };
  const learning = (h: number) => runOf(h) && pointsOf(runOf(h)!).find((p) => p.accuracy > LEARNING)?.at;
  const book = Object.values(BOOK_DEPTH_ACCURACY);
  // The data table: one row per evaluation time, one column per network.
  const byTime = r ? r.runs.map((x) => new Map(pointsOf(x).map((p) => [p.at, p.accuracy]))) : [];
  const times = [...new Set(byTime.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const ours = [1, 2, 3, 4].map(finalOf);
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={NARROW_ASPECT}
      run="full"
      nameValues={(x) => (x.full ? { full: true, seed: x.seed } : x)}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }} data-epochs-done={r ? r.runs.map((x) => x.accuracy.length).join(',') : ''}>{r && <Plot r={r} width={box.width} height={box.height} />}</div>}
      controls={
        <>
          <p class="readout figure-note">
            {v.full
              ? 'Full protocol: the book’s 30 epochs over all 50,000 training images for each of the four networks, trained side by side on as many processor cores as the browser offers (with fewer, they take turns). On a slow device this can take several minutes; the estimate of the time left appears once it is under way, and Pause holds it.'
              : `Quick run: ${v.epochs} epoch${v.epochs > 1 ? 's' : ''} over ${v.trainSize.toLocaleString('en')} training images instead of the book’s 30 epochs over 50,000. In so short a run the deeper networks may still be climbing out of their slow start (the speeds of learning measured further down show why).`}
            {` Accuracy is measured ${PER_EPOCH} times per epoch: at each epoch’s end on all 10,000 validation images (the markers, and the table’s numbers), in between on the first ${CHECKPOINT_SIZE.toLocaleString('en')} of them (the lines; they run a little below the markers, as the networks do a little worse on those images than on all 10,000).`}
          </p>
          <Control fig={fig} name="full" />
          <Control fig={fig} name="epochs" disabled={v.full} />
          <Control fig={fig} name="trainSize" disabled={v.full} format={(n) => n.toLocaleString('en')} />
          <Control fig={fig} name="seed" />
        </>
      }
      aside={
        r && (
          <table class="final-table">
            <caption>Final validation accuracy of this run beside the values published in the book (Nielsen 2015, ch. 5: 30 epochs over 50,000 images, unseeded runs, so compare roughly), and when each network first scored above {100 * LEARNING}&nbsp;%</caption>
            <thead>
              <tr><th scope="col">Hidden layers</th><th scope="col">This run</th><th scope="col">The book</th><th scope="col">Above {100 * LEARNING}&nbsp;% from epoch</th></tr>
            </thead>
            <tbody>
              {[1, 2, 3, 4].map((h) => {
                const run = runOf(h);
                const a = finalOf(h);
                const at = learning(h);
                return (
                  <tr data-hidden-layers={h} data-accuracy={a} data-epoch={run?.accuracy.length ?? 0} data-learning-from={at}>
                    <th scope="row">{h}</th>
                    <td>{a === undefined ? 'not yet' : `${pct(a)}${run!.accuracy.length < r.epochs ? ` (epoch ${run!.accuracy.length})` : ''}`}</td>
                    <td>{BOOK_DEPTH_ACCURACY[h].toFixed(2)}{'\u00a0'}%</td>
                    <td>{at === undefined ? (run ? 'not yet' : '–') : epochWord(at)}</td>
                  </tr>
                );
              })}
              <tr data-spread>
                <th scope="row">Best − worst</th>
                {/* Only between networks at the same epoch: mid-run (or stopped) they are at their own
                    epochs, and epoch 21 of one against epoch 17 of another is no spread of depths. */}
                <td>{ours.every((a) => a !== undefined) && new Set([1, 2, 3, 4].map((h) => runOf(h)!.accuracy.length)).size === 1 ? `${(100 * (Math.max(...(ours as number[])) - Math.min(...(ours as number[])))).toFixed(2)}\u00a0points` : '–'}</td>
                <td>{(Math.max(...book) - Math.min(...book)).toFixed(2)}{'\u00a0'}points</td>
                <td />
              </tr>
            </tbody>
          </table>
        )
      }
      table={
        r && (
          <table>
            <caption>Validation accuracy {r.perEpoch > 1 ? `after every 1/${r.perEpoch} of an epoch` : 'after every epoch'}, seed {fig.shown.value.seed}: at whole epochs on all {r.validationSize.toLocaleString('en')} validation images{r.perEpoch > 1 ? `, in between on the first ${r.checkpointSize.toLocaleString('en')}` : ''}</caption>
            <thead><tr><th scope="col">Epochs</th>{r.runs.map((x) => <th scope="col" data-csv={csvData(`${x.hidden} hidden (%)`)}>{x.hidden} hidden</th>)}</tr></thead>
            <tbody>
              {times.map((at) => (
                <tr data-at={at}>
                  <th scope="row">{epochWord(at)}</th>
                  {byTime.map((m) => <td data-value={m.get(at)} data-csv={m.has(at) ? csvData(pctNumber(m.get(at)!)) : undefined}>{m.has(at) ? pct(m.get(at)!) : '–'}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
