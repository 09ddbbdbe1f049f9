/**
 * The frame every live figure shares: the `<figure data-figure data-state>` contract, caption,
 * controls, a status line read out by screen readers, a stop/retry/reset row and a collapsible
 * data table as the text alternative.
 */
import type { Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { FigureState } from '../lib/use-figure';
import './figures.css';
import { KnobsContext, type Knobs } from '../lib/knobs';

/**
 * The props every figure island receives from its Astro wrapper (components/lib/figure-props.ts):
 * its number and caption (a prop, or children from MDX), the instructor's checked starting values
 * and the build-time first paint.
 */
export interface IslandProps<V, R> {
  number: number;
  /** The instructor's hide/lock props, checked at build time. */
  knobs?: Knobs;
  /** Set when a page places the same figure twice: this placement's element id and URL key prefix. */
  instance?: string;
  caption?: string;
  children?: ComponentChildren;
  initialValues: Partial<V>;
  initial?: R;
}

/** What the frame reads from a figure's useFigure() handle. */
export interface FigureHandle {
  /** The instructor's hidden and locked controls, provided to the controls below. */
  knobs: Knobs;
  state: Signal<FigureState>;
  source: Signal<'build' | 'worker'>;
  /** 0..1 while a long job runs, else null. */
  progress: Signal<number | null>;
  message: Signal<string>;
  notice: Signal<string>;
  /** Paused by the reader, or held because the figure is off screen. */
  paused: Signal<boolean>;
  offscreen: Signal<boolean>;
  /** Estimated milliseconds left in a running job. */
  timeLeft: Signal<number | null>;
  reset(): void;
  retry(): void;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

interface Props {
  id: string;
  number: number;
  caption?: ComponentChildren;
  fig: FigureHandle;
  /**
   * Which run buttons to show: none (quick figures), 'stop' (jobs that can take a while), or
   * 'full' for long training figures: Start, Pause / Resume and Stop.
   */
  run?: 'stop' | 'full';
  /** The Start button's label for 'full' figures. */
  startLabel?: string;
  plot: ComponentChildren;
  controls: ComponentChildren;
  table: ComponentChildren;
  /** A one-sentence summary of what the plot currently shows (for the status line). */
  summary: string;
  /** Plot box aspect ratio (width / height) so the space is reserved before hydration. */
  aspect?: number;
  /** The same below 560 px, where a taller box keeps a plot usable (default: aspect). */
  narrowAspect?: number;
  /** Always-visible content under the plot, e.g. a results table the caption refers to. */
  aside?: ComponentChildren;
}

/** "about 40 s" / "about 3 min": an estimate should not look more precise than it is. */
function roughDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `about ${Math.max(1, Math.round(s / 5) * 5)} s`;
  return `about ${Math.round(s / 60)} min`;
}

/** The parts that are present, one space apart (no doubled spaces where a part is missing). */
function joinWords(parts: ComponentChildren[]): ComponentChildren[] {
  const present = parts.filter((x) => x !== false && x !== null && x !== undefined && x !== '');
  return present.flatMap((x, i) => (i === 0 ? [x] : [' ', x]));
}

const STATUS: Record<FigureState, string> = {
  ready: '',
  running: 'Computing…',
  diverged: 'Diverged.',
  error: 'Something went wrong.',
};

export function FigureFrame(p: Props) {
  const { fig } = p;
  const state = fig.state.value;
  const running = state === 'running';
  const progress = fig.progress.value;
  const pct = progress === null ? null : Math.round(100 * progress);
  const paused = fig.paused.value ? 'reader' : fig.offscreen.value ? 'offscreen' : null;
  const timeLeft = fig.timeLeft.value;
  const message = fig.message.value;
  const notice = fig.notice.value;
  // While a run lasts the status line keeps at least the height it had when the run started, so
  // the shorter 'Computing… 40%' does not pull the rest of the chapter up (and back down at the
  // end): a shift of everything below is a jolt for the reader and a repaint of the whole page.
  // (Layout effects run before the browser paints, so the shorter line is never shown.)
  const status = useRef<HTMLParagraphElement>(null);
  const settledHeight = useRef(0);
  useLayoutEffect(() => {
    const el = status.current;
    if (!el) return;
    if (running) {
      if (!el.style.minHeight && settledHeight.current) el.style.minHeight = `${settledHeight.current}px`;
    } else {
      el.style.minHeight = '';
      settledHeight.current = el.getBoundingClientRect().height;
    }
  });
  // Number 0: the figure on a page of its own (/figures/<id>/), with no number to show.
  const name = p.number ? `figure ${p.number}` : 'the figure';
  return (
    <figure id={`fig-${p.id}`} class="live-figure" data-figure={p.id} data-state={state} data-source={fig.source.value} data-paused={running && paused ? paused : undefined} aria-busy={running && !paused}>
      <div class="figure-plot" style={{ '--aspect': String(p.aspect ?? 16 / 9), '--aspect-narrow': String(p.narrowAspect ?? p.aspect ?? 16 / 9) }}>
        {p.plot}
      </div>
      {/* Styled like the data table (figures.css .figure-data), but never collapsed. */}
      {p.aside && <div class="figure-aside figure-data">{p.aside}</div>}
      <div class="figure-controls" role="group" aria-label={`Controls for ${name}`}>
        <KnobsContext.Provider value={fig.knobs}>{p.controls}</KnobsContext.Provider>
        <div class="figure-buttons">
          {p.run === 'full' && (
            <button type="button" onClick={fig.start} disabled={running}>{p.startLabel ?? 'Start'}</button>
          )}
          {p.run === 'full' && (
            paused === 'reader' && running
              ? <button type="button" onClick={fig.resume}>Resume</button>
              : <button type="button" onClick={fig.pause} disabled={!running}>Pause</button>
          )}
          {p.run && (
            <button type="button" onClick={fig.stop} disabled={!running}>Stop</button>
          )}
          <button type="button" onClick={fig.reset}>Reset to defaults</button>
          {(state === 'error' || state === 'diverged') && (
            <button type="button" onClick={fig.retry}>Retry</button>
          )}
        </div>
      </div>
      <p ref={status} class={`figure-status status-${state}`} role="status" aria-live="polite">
        {joinWords([
          <span class="status-word">{running && paused ? 'Paused.' : STATUS[state]}</span>,
          pct !== null && running && (
            <span class="status-progress">
              <progress max={100} value={pct} aria-label={`Progress of ${name}`} /> {pct}%
              {timeLeft != null && !paused && <span class="status-eta">, {roughDuration(timeLeft)} left</span>}
            </span>
          ),
          running && paused === 'offscreen' && <span class="status-message">Waiting until the figure is back on screen.</span>,
          message && <span class="status-message">{message}</span>,
          !running && <span class="status-summary">{p.summary}</span>,
        ])}
      </p>
      {notice && <p class="figure-notice" role="alert">{notice}</p>}
      <details class="figure-data">
        <summary>Data behind {name}</summary>
        {p.table}
      </details>
      <figcaption>
        {p.number > 0 && <span class="figure-label">Figure {p.number}.</span>} {p.caption}
      </figcaption>
    </figure>
  );
}
