/**
 * Figure (second chapter): the remedies race. Two to four configurations of a 10-20 layer network
 * train side by side on the same images (one worker each where the browser has the cores), their
 * validation accuracy streamed; a configuration that blows up ends its line with a cross and says
 * where. Computed by the `remedy-race` experiment; Start runs it (the first paint is the build's).
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ChoiceParam, ParamDecl } from '../../engine/params';
import { narrow } from '../../engine/params';
import experiment from '../../engine/experiments/remedy-race';
import type { RaceRun, RemedyRaceResult } from '../../engine/experiments/remedy-race';
import { useBox } from '../lib/use-box';
import { csvData } from '../lib/export';
import { Control, Select } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { num, sig } from './format';

export const ID = 'remedy-race';

/** Configuration B is never off here: a race needs two. (In the experiment's order, a, b, c, d: file names and links list them so.) */
const { a, b, ...rest } = experiment.params;
export const params = { a, b: narrow(b as ChoiceParam, { options: (b as ChoiceParam).options.filter((o) => o.value !== 'off') }), ...rest } satisfies ParamDecl;

type Values = { a: string; b: string; c: string; d: string; hidden: number; epochs: number; trainSize: number; eta: number; seed: number };

const SLOTS = ['a', 'b', 'c', 'd'] as const;

/** Each configuration races once: a second slot asking for it is refused (a menu, a link). */
export function check(v: Values): string[] {
  const label = (name: string) => params.a.options.find((o) => o.value === name)?.label ?? name;
  return SLOTS.flatMap((k, i) => {
    const first = SLOTS.slice(0, i).find((j) => v[j] === v[k] && v[k] !== 'off');
    return first ? [`${k}: ${label(v[k])} already races as Configuration ${first.toUpperCase()}`] : [];
  });
}

/** A configuration named in two slots races once, in the first (the figure refuses such values). */
export const job = (v: Values) => {
  const seen = new Set<string>();
  const slots = Object.fromEntries(SLOTS.map((k) => {
    const dup = v[k] !== 'off' && seen.has(v[k]);
    seen.add(v[k]);
    return [k, dup ? 'off' : v[k]];
  }));
  return { name: 'remedy-race', params: { ...v, ...slots } };
};

type Props = IslandProps<Values, RemedyRaceResult>;

/** Each slot's look: colour, dash and marker, so no run is told apart by colour alone. */
const STYLE = [
  { stroke: 'var(--fig-muted)', dash: '6 4', marker: 'square' },
  { stroke: 'var(--fig-blue)', dash: '', marker: 'circle' },
  { stroke: 'var(--fig-green)', dash: '2 3', marker: 'diamond' },
  { stroke: 'var(--fig-red)', dash: '10 3 2 3', marker: 'triangle' },
] as const;

const ASPECT = 16 / 9;
const M = { top: 16, right: 166, bottom: 44, left: 56 };
/** Below this width the legend leaves the right margin (which would take half the plot) for rows above it. */
const NARROW = 480;
const ROW = 18;

/** A run's points in time order: the subsample checkpoints and each epoch's full evaluation. */
const pointsOf = (run: RaceRun) =>
  [...run.checkpoints.map((c) => ({ at: c.at, accuracy: c.accuracy, whole: false })), ...run.accuracy.map((a, i) => ({ at: i + 1, accuracy: a, whole: true }))].sort((p, q) => p.at - q.at);

function Marker({ shape, x, y, fill }: { shape: string; x: number; y: number; fill: string }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r={4} fill={fill} />;
  if (shape === 'square') return <rect x={x - 4} y={y - 4} width={8} height={8} fill={fill} />;
  if (shape === 'diamond') return <path d={`M${x},${y - 5}L${x + 5},${y}L${x},${y + 5}L${x - 5},${y}Z`} fill={fill} />;
  return <path d={`M${x},${y - 5}L${x + 5},${y + 4}L${x - 5},${y + 4}Z`} fill={fill} />;
}

/**
 * Where a run blew up: a cross on its line's last point with the words beside it (a 15 px ✕ glyph
 * beside the point was easy to miss), kept clear of the y axis when that point is the start.
 */
function BlowUp({ x, y, stroke }: { x: number; y: number; stroke: string }) {
  const d = `M${x - 6},${y - 6}L${x + 6},${y + 6}M${x - 6},${y + 6}L${x + 6},${y - 6}`;
  return (
    <g class="race-blow-up">
      <path d={d} stroke="var(--fig-bg)" stroke-width={7} stroke-linecap="round" />
      <path d={d} stroke={stroke} stroke-width={3} stroke-linecap="round" />
      <text x={x + 11} y={y} dy="0.32em" class="halo" fill={stroke}>blew up</text>
    </g>
  );
}

function Plot({ r, width, height, waiting, running }: { r: RemedyRaceResult; width: number; height: number; waiting: string[]; running: boolean }) {
  const slim = width < NARROW;
  const right = slim ? 20 : M.right;
  const top = slim ? M.top + (r.runs.length + waiting.length) * ROW : M.top;
  const x = scaleLinear().domain([0, r.epochs]).range([M.left, width - right]);
  const y = scaleLinear().domain([0, 1]).range([height - M.bottom, top]);
  const legend = (i: number) => (slim ? { x: M.left, y: 10 + i * ROW } : { x: width - right + 8, y: M.top + 14 + i * ROW });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`Line chart: validation accuracy against epochs for ${r.runs.length} configurations of ${r.sizes.length - 2} hidden layers`}>
      <AxisLeft scale={y} at={M.left} format={(v: number) => `${Math.round(v * 100)}%`} gridTo={width - right} label="validation accuracy" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={Math.min(r.epochs, 8)} format={(v: number) => (Number.isInteger(v) ? String(v) : '')} label="epochs of training" />
      {r.runs.map((run, i) => {
        const st = STYLE[i % STYLE.length];
        const pts = pointsOf(run);
        const last = pts[pts.length - 1];
        const labelY = last ? y(last.accuracy) : y(0.1);
        return (
          <g key={run.preset}>
            {pts.length > 0 && <path d={line<{ at: number; accuracy: number }>().x((p) => x(p.at)).y((p) => y(p.accuracy))([{ at: 0, accuracy: 0.1 }, ...pts]) ?? ''} fill="none" stroke={st.stroke} stroke-width={2} stroke-dasharray={st.dash} />}
            {pts.filter((p) => p.whole).map((p) => <Marker key={p.at} shape={st.marker} x={x(p.at)} y={y(p.accuracy)} fill={st.stroke} />)}
            {run.diverged && <BlowUp x={Math.max(x(last ? last.at : 0), M.left + 8)} y={labelY} stroke={st.stroke} />}
            {/* Each entry draws its run's own line pattern and marker, so it matches the plot. */}
            <g class="race-legend" transform={`translate(${legend(i).x}, ${legend(i).y - 4})`}>
              <line x1={0} x2={22} y1={0} y2={0} stroke={st.stroke} stroke-width={2} stroke-dasharray={st.dash} />
              <Marker shape={st.marker} x={11} y={0} fill={st.stroke} />
              <text x={28} y={4} font-size="12" fill="var(--fig-ink)">{run.label}{run.diverged ? ' ✕' : ''}</text>
            </g>
          </g>
        );
      })}
      {/* Configurations with nothing to draw yet (starting, or stopped before their first result): in the legend, with no line. */}
      {/* Beside the plot the legend column is slim: the state goes on a line of its own there
          ("sigmoid + batch norm (starting)" ran past the figure's edge). */}
      {waiting.map((label, j) => {
        const at = legend(r.runs.length + (slim ? j : 2 * j));
        const state = `(${running ? 'starting' : 'no result'})`;
        return (
          <g key={label} transform={`translate(${at.x}, ${at.y - 4})`}>
            <circle cx={11} cy={0} r={3.5} fill="none" stroke="var(--fig-muted)" stroke-width={1.5} />
            <text class="race-waiting" x={28} y={4} font-size="12" fill="var(--fig-muted)">
              {slim ? `${label} ${state}` : <>{label}<tspan x={28} dy={ROW - 2}>{state}</tspan></>}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** An accuracy in per cent: as the CSV takes it (pctNumber), and as a reader sees it, never broken before its % (pct). */
const pctNumber = (a: number) => sig(100 * a, 3);
const pct = (a: number) => `${num(100 * a, 3)}\u00a0%`;

export default function RemedyRace(props: Props) {
  const { fid, fig, v, frame } = useIsland(ID, props, { decl: params, job, runOnLoad: false, long: true, startOnChange: false, check });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = (fig.partial.value as RemedyRaceResult | undefined) ?? fig.result.value;
  const words = r
    ? r.runs.map((run) => run.diverged
      // A dash, not brackets: the message is a sentence with a colon of its own (ExplodingClipping too).
      ? `${run.label} blew up — ${run.diverged.message}`
      : `${run.label}: ${run.accuracy.length ? `${pct(run.accuracy[run.accuracy.length - 1])} after epoch ${run.accuracy.length}` : 'no epoch completed yet'}`)
    : [];
  // The settings behind the race on show: until Start, changed controls are only armed.
  const ran = fig.shown.value;
  // A configuration has nothing to draw until its first report (its worker loads the images, and
  // with fewer cores than configurations they take turns), and a race stopped before then ends
  // without one: name them, in the legend and the status, so that none vanishes without a word.
  const running = fig.state.value === 'running';
  const labelOf = (name: string) => params.a.options.find((o) => o.value === name)?.label ?? name;
  const waiting = r ? SLOTS.map((k) => ran[k]).filter((name) => name !== 'off' && !r.runs.some((run) => run.preset === name)).map(labelOf) : [];
  for (const label of waiting) words.push(`${label}: ${running ? 'starting' : 'stopped before its first result'}`);
  const summary = r ? `${r.sizes.length - 2} hidden layers, η = ${num(ran.eta, 3)}, ${ran.trainSize.toLocaleString('en')} training images. ${words.join('; ')}.` : '';
  // Each configuration races once: in each menu, those another slot has are unavailable, named
  // with their slot. (Choosing one used to swap the two slots, and a closed menu stepped by the
  // arrow keys changes at every step, so stepping through a menu rearranged the others.)
  // A slot whose menu the instructor hid still races: named "already racing", not by a letter the reader cannot find.
  const slot = (name: (typeof SLOTS)[number]) => {
    const taken = Object.fromEntries(SLOTS.filter((k) => k !== name && v[k] !== 'off').map((k) => [v[k], fig.knobs.hide?.includes(k) ? 'already racing' : `in ${k.toUpperCase()}`]));
    return <Select figureId={fid} name={name} spec={params[name]} value={v[name]} unavailable={taken} onChange={(s) => fig.set(name, s)} />;
  };
  const epochs = r ? Math.max(0, ...r.runs.map((x) => x.accuracy.length)) : 0;
  return (
    <FigureFrame
      {...frame}
      run="full"
      startLabel="Start the race"
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} waiting={waiting} running={running} />}</div>}
      controls={
        <>
          {slot('a')}
          {slot('b')}
          {slot('c')}
          {slot('d')}
          <Control fig={fig} name="hidden" />
          <Control fig={fig} name="epochs" />
          <Control fig={fig} name="trainSize" format={(n) => n.toLocaleString('en')} />
          <Control fig={fig} name="eta" format={(n) => num(n, 3)} />
          <Control fig={fig} name="seed" />
        </>
      }
      table={
        r && (
          <table>
            <caption>Validation accuracy on 1,000 images after each epoch, per configuration ({r.sizes.length - 2} hidden layers)</caption>
            <thead>
              <tr><th scope="col">Epoch</th>{r.runs.map((run) => <th scope="col" key={run.preset} data-csv={csvData(`${run.label} (%${run.diverged ? '; blank after it blew up' : ''})`)}>{run.label}</th>)}</tr>
            </thead>
            <tbody>
              {Array.from({ length: epochs }, (_, e) => (
                <tr key={e}>
                  <th scope="row">{e + 1}</th>
                  {r.runs.map((run) => (
                    <td key={run.preset} data-preset={run.preset} data-accuracy={run.accuracy[e]} data-csv={csvData(run.accuracy[e] !== undefined ? pctNumber(run.accuracy[e]) : '')}>{run.accuracy[e] !== undefined ? pct(run.accuracy[e]) : run.diverged ? 'blew up' : ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
