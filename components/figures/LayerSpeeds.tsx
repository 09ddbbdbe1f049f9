/**
 * Figure: the speed of learning of each hidden layer at initialisation (E3), bars on a log
 * scale, for 1 to 10 hidden layers of 30 neurons. Computed by the `layer-speeds` experiment.
 */
import { scaleBand, scaleLog } from 'd3-scale';
import type { ParamDecl } from '../../engine/params';
import { activationParam, initParam, mnistSizes, seedParam } from '../../engine/experiments/common';
import type { LayerSpeedsResult } from '../../engine/experiments/layer-speeds';
import { useWidth } from '../lib/use-width';
import { Controls } from './Controls';
import { AxisBottom, AxisLeft, tickWidth } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { logTicks, num, sig } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';
import { BOOK_LAYER_SPEEDS } from './book-values';

export const ID = 'layer-speeds';

export const params = {
  hidden: { kind: 'int', default: 4, min: 1, max: 10, step: 1, label: 'Hidden layers' },
  seed: seedParam,
  init: initParam,
  activation: activationParam,
} satisfies ParamDecl;

type Values = { hidden: number; seed: number; init: string; activation: string };

export const job = (v: Values) => ({
  name: 'layer-speeds',
  params: { sizes: mnistSizes(v.hidden), seed: v.seed, init: v.init, activation: v.activation, samples: 1000 },
});

type Props = IslandProps<Values, LayerSpeedsResult>;

/** The book's speeds were measured with its own set-up only: sigmoid neurons, default initialisation. */
const isBookSetup = (v: Values) => v.init === 'default' && v.activation === 'sigmoid';

const ASPECT = 3 / 2;
const M = { top: 24, right: 12, bottom: 44, left: 64 };

function Plot({ result, width, showBook }: { result: LayerSpeedsResult; width: number; showBook: boolean }) {
  const height = width / ASPECT;
  const layers = result.speeds.map((_, i) => `${i + 1}`);
  const book = showBook ? BOOK_LAYER_SPEEDS[layers.length] : undefined;
  const all = [...result.speeds, ...(book ?? [])];
  const x = scaleBand().domain(layers).range([M.left, width - M.right]).padding(0.25);
  const y = scaleLog()
    .domain([Math.min(...all) / 3, Math.max(...all) * 2])
    .range([height - M.bottom, M.top])
    .nice();
  // Values over the bars where each clears the next bar (which may be taller) and its value; else
  // none, and the table gives them. On a phone six bars are 40 px apart, and "7.2 × 10⁻⁵" (about
  // 55 px) ran under the next bar, which hid its exponent.
  const texts = result.speeds.map((s) => num(s, 2));
  const widths = texts.map((t) => tickWidth(t.replace(/\u00a0/g, ' ')));
  const label = widths.every((w, i) => (w + x.bandwidth()) / 2 + 2 <= x.step() && (i === 0 || (w + widths[i - 1]) / 2 + 4 <= x.step()));
  // A value sits above its bar, or above the book's mark where that mark would strike through it
  // (the mark a little above the bar: the two speeds are often close). 16 px: a 12.5 px label's
  // height and a gap.
  const labelY = (i: number) => {
    const bar = y(result.speeds[i]);
    const mark = book ? y(book[i]) : Infinity;
    return mark < bar && mark > bar - 5 - 16 ? mark - 5 : bar - 5;
  };
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Bar chart: speed of learning of each of ${layers.length} hidden layers, log scale`}>
      <AxisLeft scale={y} at={M.left} format={logTicks(y, 5)} gridTo={width - M.right} label="speed (log scale)" />
      <AxisBottom scale={x} at={height - M.bottom} label="hidden layer (input side → output side)" />
      {result.speeds.map((s, i) => (
        <g key={i}>
          <rect x={x(layers[i])} width={x.bandwidth()} y={y(s)} height={Math.max(0, y.range()[0] - y(s))} fill="var(--fig-blue)" />
          {label && <text x={x(layers[i])! + x.bandwidth() / 2} y={labelY(i)} text-anchor="middle">{texts[i]}</text>}
        </g>
      ))}
      {book?.map((b, i) => (
        <line key={`book-${i}`} class="book-mark" x1={x(layers[i])! - 3} x2={x(layers[i])! + x.bandwidth() + 3} y1={y(b)} y2={y(b)} />
      ))}
    </svg>
  );
}

export default function LayerSpeeds(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job });
  const [ref, width] = useWidth<HTMLDivElement>();
  const r = fig.result.value;
  const book = isBookSetup(v);
  const summary = r
    ? `With ${r.speeds.length} hidden layer${r.speeds.length > 1 ? 's' : ''}, ` +
      (r.ratio >= 1
        ? `the last hidden layer learns ${num(r.ratio, 3)} times as fast as the first.`
        : `the first hidden layer learns ${num(1 / r.ratio, 3)} times as fast as the last: the gradient grows on its way back.`) +
      (book && BOOK_LAYER_SPEEDS[r.speeds.length] ? ' Dashed marks: the book\'s published values.' : '')
    : '';
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot result={r} width={width} showBook={book} />}</div>}
      controls={
        <>
          <Controls fig={fig} names={['hidden', 'seed', 'init', 'activation']} />
        </>
      }
      table={
        r && (
          <table>
            <caption>Speed of learning (norm of the mean ∂C/∂b) per hidden layer, seed {v.seed}</caption>
            <thead>
              <tr><th scope="col">Hidden layer</th><th scope="col">Speed (live)</th><th scope="col">Book (Nielsen 2015)</th></tr>
            </thead>
            <tbody>
              {r.speeds.map((s, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td data-speed={s} data-csv={csvData(sig(s, 4))}><Num v={s} digits={4} /></td>
                  <td>{book ? (BOOK_LAYER_SPEEDS[r.speeds.length]?.[i] ?? '–') : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
