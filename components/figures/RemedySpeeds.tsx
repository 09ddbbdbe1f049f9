/**
 * Figure (second chapter): each hidden layer's speed of learning at initialisation for 2 to 50
 * hidden layers of 30 neurons, with the remedies switched on or off, beside the book's network of
 * the same depth. Computed by the `remedy-speeds` experiment; presets only set the controls.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import experiment, { WIDTH } from '../../engine/experiments/remedy-speeds';
import type { RemedySpeedsResult } from '../../engine/experiments/remedy-speeds';
import { useBox } from '../lib/use-box';
import { describeConfig, presetOf, RemedyControls, remedyJobParams } from './RemedyControls';
import type { RemedyValues } from './RemedyControls';
import { AxisBottom, AxisLeft, fittingLeft, textWidth } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { logTicks, num, sig } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';

export const ID = 'remedy-speeds';

export const params = experiment.params satisfies ParamDecl;

export const job = (v: RemedyValues) => ({ name: 'remedy-speeds', params: remedyJobParams(v) });
type Values = RemedyValues;

type Props = IslandProps<Values, RemedySpeedsResult>;

/** "the last hidden layer learns N times as fast as the first", or the reverse, in words. */
function ratioWords(ratio: number): string {
  if (ratio >= 1) return `the last hidden layer learns ${num(ratio, 2)} times as fast as the first`;
  return `the first hidden layer learns ${num(1 / ratio, 2)} times as fast as the last`;
}

const ASPECT = 3 / 2;
/** Room for one layer number on the bottom axis, so that 2-digit numbers never run together. */
const TICK_SPACING = 36;
const M = { top: 16, right: 16, bottom: 44, left: 64 };

function Plot({ r, width, height, same }: { r: RemedySpeedsResult; width: number; height: number; same: boolean }) {
  const n = r.speeds.length;
  const all = [...r.speeds, ...r.book].filter((s) => s > 0);
  // The legend sits above the plot, outside the data: the remedied curves run along the top of
  // it for most presets, and wherever a corner legend went, some preset's line ran through it.
  // Its two entries side by side where they fit, else one above the other.
  const sideBySide = width - M.left >= 290;
  const legendRows = same || sideBySide ? 1 : 2;
  const plotTop = M.top + legendRows * 18 + 6;
  const first = same ? 'this configuration = the book\'s network' : 'this configuration';
  const x = scaleLinear().domain([1, n]).range([M.left + 8, width - M.right - 8]);
  const y = scaleLog().domain([Math.min(...all) / 2, Math.max(...all) * 2]).range([height - M.bottom, plotTop]).nice();
  const path = (s: number[]) => line<number>().x((_, i) => x(i + 1)).y((v) => y(v))(s.map((v) => Math.max(v, y.domain()[0]))) ?? '';
  const decades = Math.log10(y.domain()[1] / y.domain()[0]);
  const dot = n > 25 ? 2.2 : 3.2;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`Line chart on a log scale: speed of learning of each of ${n} hidden layers, this configuration${same ? '' : ' and the book\'s network'}`}>
      <AxisLeft scale={y} at={M.left} ticks={Math.min(8, Math.ceil(decades))} format={logTicks(y, Math.min(8, Math.ceil(decades)))} gridTo={width - M.right} label="speed (log scale)" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={Math.min(10, n, Math.floor((width - M.left - M.right) / TICK_SPACING))} format={(d: number) => (Number.isInteger(d) ? String(d) : '')} label="hidden layer (input side → output side)" />
      {!same && (
        <g class="series-book">
          <path d={path(r.book)} fill="none" stroke="var(--fig-muted)" stroke-width={1.5} stroke-dasharray="5 4" />
          {r.book.map((s, i) => <rect key={i} x={x(i + 1) - dot} y={y(s) - dot} width={2 * dot} height={2 * dot} fill="var(--fig-muted)" />)}
        </g>
      )}
      <g class="legend" transform={`translate(${sideBySide ? M.left : fittingLeft(M.left, width, 30 + textWidth(first, 12))}, ${M.top - 10})`} font-size="12">
        <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-blue)" stroke-width={2} />
        <circle cx={12} cy={6} r={3} fill="var(--fig-blue)" />
        {/* The caption promises the book's network dashed: when this is it, the legend says why there is one line. */}
        <text x={30} y={10} fill="var(--fig-ink)">{first}</text>
        {!same && (
          <g transform={sideBySide ? 'translate(150, 0)' : 'translate(0, 18)'}>
            <line x1={0} x2={24} y1={6} y2={6} stroke="var(--fig-muted)" stroke-width={1.5} stroke-dasharray="5 4" />
            <rect x={9} y={3} width={6} height={6} fill="var(--fig-muted)" />
            <text x={30} y={10} fill="var(--fig-ink)">book's network</text>
          </g>
        )}
      </g>
      <g class="series-config">
        <path d={path(r.speeds)} fill="none" stroke="var(--fig-blue)" stroke-width={2} />
        {r.speeds.map((s, i) => <circle key={i} cx={x(i + 1)} cy={y(s)} r={dot} fill="var(--fig-blue)" />)}
      </g>
    </svg>
  );
}

export default function RemedySpeeds(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  const current = presetOf(v);
  const same = current === 'book';
  const summary = r
    ? `With ${r.speeds.length} hidden layers of ${WIDTH} (${describeConfig(v)}), ${ratioWords(r.ratio)}` +
      (same ? ': this is the book\'s network.' : `; in the book's network of the same depth (dashed, squares), ${ratioWords(r.bookRatio)}.`)
    : '';
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} same={same} />}</div>}
      controls={<RemedyControls fig={fig} />}
      table={
        r && (
          <table>
            <caption>Speed of learning (norm of the mean ∂C/∂b) per hidden layer, seed {v.seed}: {describeConfig(v)}, and the book's network</caption>
            <thead>
              <tr><th scope="col">Hidden layer</th><th scope="col">This configuration</th><th scope="col">Book's network</th></tr>
            </thead>
            <tbody>
              {r.speeds.map((s, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td data-speed={s} data-csv={csvData(sig(s, 4))}><Num v={s} digits={4} /></td>
                  <td data-book={r.book[i]} data-csv={csvData(sig(r.book[i], 4))}><Num v={r.book[i]} digits={4} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
