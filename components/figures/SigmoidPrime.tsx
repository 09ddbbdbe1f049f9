/**
 * Figure: sigma(z) and sigma'(z) on one plot with the 1/4 peak marked, a movable z marker, and
 * optional tanh' and ReLU' overlays for the exercise. Computed by the `sigmoid-prime` experiment.
 */
import { scaleLinear } from 'd3-scale';
import { curveStepBefore, line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import sigmoidPrimeExperiment from '../../engine/experiments/sigmoid-prime';
import type { SigmoidPrimeResult } from '../../engine/experiments/sigmoid-prime';
import { useBox } from '../lib/use-box';
import { Controls } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { exact, num, sig } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';

export const ID = 'sigmoid-prime';

const { z, tanh, relu } = sigmoidPrimeExperiment.params;
export const params = { z, tanh, relu } satisfies ParamDecl;
type Values = { z: number; tanh: boolean; relu: boolean };

export const job = (v: Values) => ({ name: 'sigmoid-prime', params: { z: v.z, tanh: v.tanh, relu: v.relu } });

type Props = IslandProps<Values, SigmoidPrimeResult>;

const ASPECT = 3 / 2;
const M = { top: 16, right: 14, bottom: 40, left: 48 };
/** The width of "σ′(0) = 1/4" in ems of the plot's 12.5 px type, with room to spare. */
const PEAK_LABEL_EM = 6;
const COLOUR = { sigma: 'var(--fig-muted)', sigmaPrime: 'var(--fig-red)', tanh: 'var(--fig-green)', relu: 'var(--fig-blue)' };

function Plot({ r, width, height }: { r: SigmoidPrimeResult; width: number; height: number }) {
  const x = scaleLinear().domain([r.z[0], r.z[r.z.length - 1]]).range([M.left, width - M.right]);
  // A little below 0, so that curves lying at exactly 0 (ReLU′ for z < 0, σ′ far out) stay visible above the axis line.
  const y = scaleLinear().domain([-0.03, 1.05]).range([height - M.bottom, M.top]);
  const path = (ys: number[], stepped = false) => {
    const l = line<number>().x((_, i) => x(r.z[i])).y((v) => y(v));
    // ReLU' jumps at z = 0: draw the jump as a vertical step there, not a slanted segment.
    if (stepped) l.curve(curveStepBefore);
    return l(ys) ?? '';
  };
  const at = r.at;
  const label = (zv: number, yv: number, text: string, colour: string, anchor = 'start', dy = -6) => (
    <text x={x(zv)} y={y(yv)} dy={dy} text-anchor={anchor} class="halo" style={{ fill: colour, fontWeight: 600 }}>{text}</text>
  );
  const narrow = width < 480;
  // The peak's label spans about PEAK_LABEL_EM ems from just right of the peak.
  const em = 12.5;
  const peakLabelX = x(r.peak.z) + 9;
  const markerInLabel = x(at.z) > peakLabelX - 4 && x(at.z) < peakLabelX + PEAK_LABEL_EM * em + 4;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} style={{ height: `${height}px` }} role="img" aria-label={`Line chart of the sigmoid and its derivative for z from ${r.z[0]} to ${r.z[r.z.length - 1]}; the derivative peaks at 1/4 at z = 0`}>
      <AxisLeft scale={y} at={M.left} ticks={5} gridTo={width - M.right} />
      <AxisBottom scale={x} at={height - M.bottom} ticks={narrow ? 5 : 9} label="z" />
      {/* The 1/4 ceiling of sigma' (equation 9). */}
      <line x1={M.left} x2={width - M.right} y1={y(0.25)} y2={y(0.25)} stroke={COLOUR.sigmaPrime} stroke-dasharray="2 4" stroke-opacity={0.7} />
      <path d={path(r.sigma)} fill="none" stroke={COLOUR.sigma} stroke-width={1.5} />
      <path d={path(r.sigmaPrime)} fill="none" stroke={COLOUR.sigmaPrime} stroke-width={3} />
      {r.tanhPrime && <path d={path(r.tanhPrime)} fill="none" stroke={COLOUR.tanh} stroke-width={2} stroke-dasharray="7 4" />}
      {r.reluPrime && <path d={path(r.reluPrime, true)} fill="none" stroke={COLOUR.relu} stroke-width={2} stroke-dasharray="2 3" />}
      {label(5.5, 0.996, 'σ(z)', COLOUR.sigma, 'middle', 18)}
      {label(3.3, 0.036, 'σ′(z)', COLOUR.sigmaPrime, 'start', -8)}
      {r.tanhPrime && label(-1.05, 0.39, 'tanh′(z)', COLOUR.tanh, 'end', -2)}
      {r.reluPrime && label(narrow ? 3.2 : 4.5, 1, 'ReLU′(z)', COLOUR.relu, 'start', -6)}
      <circle cx={x(r.peak.z)} cy={y(r.peak.sigmaPrime)} r={4.5} fill="var(--fig-bg)" stroke={COLOUR.sigmaPrime} stroke-width={2} />
      {/* Right of the peak, or right of the reader's marker while that would cross the label. */}
      <text x={markerInLabel ? x(at.z) + 7 : peakLabelX} y={y(0.25)} dy={-9} text-anchor="start" class="halo">σ′(0) = 1/4</text>
      {/* The reader's marker: a vertical rule at z with both values on it. */}
      <line class="z-marker" x1={x(at.z)} x2={x(at.z)} y1={M.top} y2={height - M.bottom} stroke="var(--fig-ref)" stroke-dasharray="4 3" />
      <circle cx={x(at.z)} cy={y(at.sigma)} r={4} fill={COLOUR.sigma} />
      <rect x={x(at.z) - 4} y={y(at.sigmaPrime) - 4} width={8} height={8} fill={COLOUR.sigmaPrime} />
    </svg>
  );
}

export default function SigmoidPrime(props: Props) {
  const { fig, v, frame } = useIsland(ID, props, { decl: params, job, debounceMs: 40 });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  const at = r?.at;
  const summary = at
    ? `At z = ${exact(at.z)}, σ(z) = ${num(at.sigma, 4)} and σ′(z) = ${num(at.sigmaPrime, 3)}, which is ${num((100 * at.sigmaPrime) / 0.25, 2)}% of the peak value 1/4.`
    : '';
  const rows = r ? r.z.map((zv, i) => ({ zv, i })).filter(({ zv }) => Number.isInteger(zv)) : [];
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} />}</div>}
      controls={
        <>
          <Controls fig={fig} names={['z', 'tanh', 'relu']} />
          {at && (
            <p class="readout" style={{ flexBasis: '100%' }}>
              At z = <strong>{exact(at.z)}</strong>: σ(z) = <strong data-at="sigma" data-value={at.sigma}><Num v={at.sigma} digits={4} /></strong>, σ′(z) ={' '}
              <strong data-at="sigmaPrime" data-value={at.sigmaPrime}><Num v={at.sigmaPrime} digits={4} /></strong>
              {v.tanh && <>, tanh′(z) = <strong data-at="tanhPrime" data-value={at.tanhPrime}><Num v={at.tanhPrime} digits={4} /></strong></>}
              {v.relu && <>, ReLU′(z) = <strong data-at="reluPrime" data-value={at.reluPrime}>{at.reluPrime}</strong></>}
            </p>
          )}
        </>
      }
      table={
        r && (
          <table>
            <caption>The sigmoid and the derivatives at whole-number z (the plotted grid has {r.z.length} points)</caption>
            <thead>
              <tr>
                <th scope="col">z</th><th scope="col">σ(z)</th><th scope="col">σ′(z)</th>
                {r.tanhPrime && <th scope="col">tanh′(z)</th>}
                {r.reluPrime && <th scope="col">ReLU′(z)</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ zv, i }) => (
                <tr key={zv}>
                  <th scope="row" data-z={zv} data-csv={csvData(zv)}>{exact(zv)}</th>
                  <td data-sigma={r.sigma[i]} data-csv={csvData(sig(r.sigma[i], 4))}><Num v={r.sigma[i]} digits={4} /></td>
                  <td data-sigma-prime={r.sigmaPrime[i]} data-csv={csvData(sig(r.sigmaPrime[i], 4))}><Num v={r.sigmaPrime[i]} digits={4} /></td>
                  {r.tanhPrime && <td data-tanh-prime={r.tanhPrime[i]} data-csv={csvData(sig(r.tanhPrime[i], 4))}><Num v={r.tanhPrime[i]} digits={4} /></td>}
                  {r.reluPrime && <td data-relu-prime={r.reluPrime[i]}>{r.reluPrime[i]}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
