/**
 * The frame every live figure shares: the `<figure data-figure data-state>` contract, caption,
 * controls, a status line read out by screen readers, a stop/retry/reset row and a collapsible
 * data table as the text alternative.
 */
import type { ComponentChildren } from 'preact';
import type { FigureState } from '../lib/use-figure';
import './figures.css';

interface Props {
  id: string;
  number: number;
  caption?: ComponentChildren;
  state: FigureState;
  source: 'build' | 'worker';
  /** 0..1 while a long job runs, else null. */
  progress: number | null;
  message: string;
  notice: string;
  plot: ComponentChildren;
  controls: ComponentChildren;
  table: ComponentChildren;
  /** A one-sentence summary of what the plot currently shows (for the status line). */
  summary: string;
  onReset(): void;
  onStop?(): void;
  onRetry(): void;
  /** Plot box aspect ratio (width / height) so the space is reserved before hydration. */
  aspect?: number;
  /** Long figures: a Start button (runs the current settings from the beginning). */
  onStart?(): void;
  startLabel?: string;
  /** Long figures: a Pause / Resume button. */
  onPause?(): void;
  onResume?(): void;
  /** Why a running job is held, if it is: the reader paused it, or it is off screen. */
  paused?: 'reader' | 'offscreen' | null;
  /** Estimated milliseconds left in a running job. */
  timeLeft?: number | null;
  /** Always-visible content under the plot, e.g. a results table the caption refers to. */
  aside?: ComponentChildren;
}

/** "about 40 s" / "about 3 min": an estimate should not look more precise than it is. */
function roughDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `about ${Math.max(1, Math.round(s / 5) * 5)} s`;
  return `about ${Math.round(s / 60)} min`;
}

const STATUS: Record<FigureState, string> = {
  ready: '',
  running: 'Computing…',
  diverged: 'Diverged.',
  error: 'Something went wrong.',
};

export function FigureFrame(p: Props) {
  const running = p.state === 'running';
  const pct = p.progress === null ? null : Math.round(100 * p.progress);
  return (
    <figure id={`fig-${p.id}`} class="live-figure" data-figure={p.id} data-state={p.state} data-source={p.source} data-paused={running && p.paused ? p.paused : undefined} aria-busy={running && !p.paused}>
      <div class="figure-plot" style={{ aspectRatio: String(p.aspect ?? 16 / 9) }}>
        {p.plot}
      </div>
      {/* Styled like the data table (figures.css .figure-data), but never collapsed. */}
      {p.aside && <div class="figure-aside figure-data">{p.aside}</div>}
      <div class="figure-controls" role="group" aria-label={`Controls for figure ${p.number}`}>
        {p.controls}
        <div class="figure-buttons">
          {p.onStart && (
            <button type="button" onClick={p.onStart} disabled={running}>{p.startLabel ?? 'Start'}</button>
          )}
          {p.onPause && p.onResume && (
            p.paused === 'reader' && running
              ? <button type="button" onClick={p.onResume}>Resume</button>
              : <button type="button" onClick={p.onPause} disabled={!running}>Pause</button>
          )}
          {p.onStop && (
            <button type="button" onClick={p.onStop} disabled={!running}>Stop</button>
          )}
          <button type="button" onClick={p.onReset}>Reset to defaults</button>
          {(p.state === 'error' || p.state === 'diverged') && (
            <button type="button" onClick={p.onRetry}>Retry</button>
          )}
        </div>
      </div>
      <p class={`figure-status status-${p.state}`} role="status" aria-live="polite">
        <span class="status-word">{running && p.paused ? 'Paused.' : STATUS[p.state]}</span>
        {pct !== null && running && (
          <>
            {' '}
            <progress max={100} value={pct} aria-label={`Figure ${p.number} progress`} /> {pct}%
            {p.timeLeft != null && !p.paused && <span class="status-eta">, {roughDuration(p.timeLeft)} left</span>}
          </>
        )}{' '}
        {running && p.paused === 'offscreen' && <span class="status-message">Waiting until the figure is back on screen.</span>}{' '}
        {p.message && <span class="status-message">{p.message}</span>}{' '}
        {p.state !== 'running' && <span class="status-summary">{p.summary}</span>}
      </p>
      {p.notice && <p class="figure-notice" role="alert">{p.notice}</p>}
      <details class="figure-data">
        <summary>Data behind figure {p.number}</summary>
        {p.table}
      </details>
      <figcaption>
        <span class="figure-label">Figure {p.number}.</span> {p.caption}
      </figcaption>
    </figure>
  );
}
