/**
 * The frame every live figure shares: the `<figure data-figure data-state>` contract, caption,
 * controls, a status line read out by screen readers, a stop/retry/reset row, a collapsible
 * data table as the text alternative, and downloads of what it shows (CSV, JSON, SVG, PNG) with
 * a link to its current state.
 */
import type { ReadonlySignal, Signal } from '@preact/signals';
import { render, type ComponentChildren, type RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { firstPaintOf, type FirstPaintRef } from '../lib/first-paint-store';
import { exportFileName, jsonPayload, standaloneSvg, tablesToCsv, wrapText, type PlacedSvg, type SvgFooter } from '../lib/export';
import { embeddedFontFaces } from '../lib/export-fonts';
import { useFigure, type FigureRunOptions, type FigureState } from '../lib/use-figure';
import type { DownloadState } from '../lib/engine-client';
import type { ParamDecl, ParamValues } from '../../engine/params';
import './figures.css';
import { KnobsContext, type Knobs } from '../lib/knobs';
import { megabytes as mb } from '../../engine/units';
import { Spoken, shownText } from './Spoken';

/**
 * The props every figure island receives from its Astro wrapper (components/lib/figure-props.ts):
 * its number and caption (a prop, or children from MDX), the instructor's checked starting values
 * and the build-time first paint: in the props (`astro dev`), or, in a built site, a reference to
 * the file the client:figure directive has fetched before hydrating (components/lib/first-paint-store.ts).
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
  firstPaint?: FirstPaintRef;
}

/**
 * The set-up every island shares: this placement's id (the figure's own, or its instance id when
 * a page places it twice), its figure handle from the instructor's props, the current values, and
 * the frame's identifying props to spread into <FigureFrame {...frame}>.
 */
export function useIsland<D extends ParamDecl, R extends object>(
  id: string,
  props: IslandProps<ParamValues<D>, R>,
  opts: Omit<FigureRunOptions<D, R>, 'figureId' | 'initialValues' | 'initial' | 'knobs'>,
) {
  const fid = props.instance ?? id;
  const initial = props.initial ?? (props.firstPaint ? firstPaintOf<R>(props.firstPaint.key) : undefined);
  const fig = useFigure<D, R>({ ...opts, figureId: fid, knobs: props.knobs, initialValues: props.initialValues, initial });
  return { fid, fig, v: fig.values.value, frame: { id: fid, number: props.number, caption: props.children ?? props.caption, fig } };
}

/** What the frame reads from a figure's useFigure() handle. */
export interface FigureHandle {
  /** The instructor's hidden and locked controls, provided to the controls below. */
  knobs: Knobs;
  state: Signal<FigureState>;
  source: Signal<'build' | 'worker'>;
  /** 0..1 while a long job runs, else null. */
  progress: Signal<number | null>;
  /** The training data a long run is downloading first, or null. */
  download: Signal<DownloadState | null>;
  message: Signal<string>;
  notice: Signal<string>;
  /** Paused by the reader, or held because the figure is off screen. */
  paused: Signal<boolean>;
  offscreen: Signal<boolean>;
  /** Estimated milliseconds left in a running job. */
  timeLeft: Signal<number | null>;
  /** Changed settings waiting for Start (figures with startOnChange: false). */
  armed: ReadonlySignal<boolean>;
  reset(): void;
  retry(): void;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** For the downloads (useFigure provides them all): the controls' values, the result shown. */
  values?: Signal<object>;
  /** The values behind the result shown (the controls' may be newer, waiting for Start). */
  shown?: Signal<object>;
  result?: Signal<unknown>;
  /** A long run's partial result, drawn while it trains. */
  partial?: Signal<unknown>;
  job?(): { name: string; params: Record<string, unknown> };
  /** The page URL with this figure's current settings. */
  link?(): URL;
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
  /**
   * The settings a download's file name lists, from the values shown (default: all of them). A
   * figure whose switch makes other controls moot leaves those out (Figure 1's full protocol
   * ignores the quick run's epochs).
   */
  nameValues?(values: Record<string, unknown>): Record<string, unknown>;
}

/** "about 40 s" / "about 3 min": an estimate should not look more precise than it is (a unit never wraps away from its number). */
function roughDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `about ${Math.max(1, Math.round(s / 5) * 5)}\u00a0s`;
  return `about ${Math.round(s / 60)}\u00a0min`;
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
  // Before a long run trains it may have to download its data (about 10 MB): said, with a bar.
  const download = running && pct === null ? fig.download.value : null;
  const paused = fig.paused.value ? 'reader' : fig.offscreen.value ? 'offscreen' : null;
  // The line's first word: empty when ready (the summary then starts the line, with no space before it).
  const statusWord = running && paused ? 'Paused.' : STATUS[state];
  const timeLeft = fig.timeLeft.value;
  const message = fig.message.value;
  const notice = fig.notice.value;
  const armed = fig.armed.value;
  // While a run lasts the status line keeps at least the height it had when the run started, so
  // the shorter 'Computing… 40%' does not pull the rest of the chapter up (and back down at the
  // end): a shift of everything below is a jolt for the reader and a repaint of the whole page.
  // (Layout effects run before the browser paints, so the shorter line is never shown.)
  const status = useRef<HTMLParagraphElement>(null);
  const settledHeight = useRef(0);
  // An always-shown table (Figure 1's results) fills in while a run lasts, and its cells change
  // width ("not yet", "91.20 % (epoch 3)"): on a phone its rows rewrapped, and Pause and Stop below
  // moved under the reader's thumb. While a run lasts it keeps the tallest height it has had.
  const aside = useRef<HTMLDivElement>(null);
  const asideSettled = useRef(0);
  useLayoutEffect(() => {
    const el = aside.current;
    if (!el) return;
    if (!running) {
      el.style.minHeight = '';
      asideSettled.current = el.getBoundingClientRect().height;
      return;
    }
    // From the height it had before Start (its cells then go back to "not yet"), never lower.
    const h = Math.max(el.getBoundingClientRect().height, asideSettled.current);
    if (h > (parseFloat(el.style.minHeight) || 0)) el.style.minHeight = `${h}px`;
  });
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
  // Start disables itself as the run begins, Pause gives way to Resume, Stop disables itself as
  // the run ends: each would drop a keyboard user's focus to the top of the page (and the next Tab
  // somewhere unexpected). When focus was on the figure's buttons before this render and is gone
  // after it, it goes to the button that now does the obvious next thing: Pause (or Resume) while
  // running, Start after; in a figure without Start, the status line, which says how it ended.
  const buttons = useRef<HTMLDivElement>(null);
  const startBelow = useRef<HTMLButtonElement>(null);
  const focusWasOnButtons = typeof document !== 'undefined' && (!!buttons.current?.contains(document.activeElement) || (!!startBelow.current && startBelow.current === document.activeElement));
  useLayoutEffect(() => {
    const box = buttons.current;
    const active = document.activeElement as HTMLElement | null;
    if (!focusWasOnButtons || !box) return;
    const lost = !active || active === document.body || (box.contains(active) && (active as HTMLButtonElement).disabled);
    if (!lost) return;
    const usable = (label: string) => [...box.querySelectorAll('button')].find((b) => !b.disabled && b.textContent === label);
    const next = running ? usable('Pause') ?? usable('Resume') ?? usable('Stop') : usable(p.startLabel ?? 'Start');
    (next ?? status.current)?.focus();
  });
  // Number 0: the figure on a page of its own (/figures/<id>/), with no number to show.
  const name = p.number ? `figure ${p.number}` : 'the figure';
  // Screen readers hear a run's progress at each quarter, not at every redraw (the status line's
  // figures change several times a second, and a polite live region read them all out). The
  // status line's progress is hidden from them; this sentence, in a live region of its own, says
  // it, and is set once per quarter so that a changing estimate does not repeat it.
  // (Not reset by a pause, so pausing and resuming, or scrolling away and back, says nothing again.)
  const quarter = running && pct !== null ? Math.min(3, Math.floor(pct / 25)) : null;
  const announced = useRef<{ quarter: number | null; text: string }>({ quarter: null, text: '' });
  if (announced.current.quarter !== quarter) {
    announced.current = {
      quarter,
      text: quarter ? `${name[0].toUpperCase()}${name.slice(1)}: ${25 * quarter}% done${timeLeft != null ? `, ${roughDuration(timeLeft)} left` : ''}.` : '',
    };
  }
  const root = useRef<HTMLElement>(null);
  // The server's HTML has the controls but not what they do: a menu changed before the island
  // took over showed its new value, then snapped back without a word. So until the island is live
  // they sit in a <fieldset data-live="false">, where the figure's hydration directive
  // (components/lib/figure-directive.ts) swallows input and hydrates at once (a button pressed
  // meanwhile is pressed again once live); they stay in the tab
  // order (a disabled fieldset took them out of it, so Tab skipped every figure not yet scrolled
  // to). Hydration keeps the server's attributes, and the render after it, here, marks it live.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  // The data table's box is a keyboard stop, named, only while its table is wider than it (a stop
  // in front of every table that fits would be a Tab that does nothing).
  const tableBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = tableBox.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const check = () => {
      const scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls === (el.tabIndex === 0)) return;
      if (scrolls) {
        el.tabIndex = 0;
        el.setAttribute('role', 'group');
        el.setAttribute('aria-label', `Data behind ${name}, wider than the screen: scroll sideways`);
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    };
    const ro = new ResizeObserver(check);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, [name]);
  const full = p.run === 'full';
  const runButtons = (
    <>
      {full && (
        <button type="button" onClick={fig.start} disabled={running && !armed}>{p.startLabel ?? 'Start'}</button>
      )}
      {full && (
        paused === 'reader' && running
          ? <button type="button" onClick={fig.resume}>Resume</button>
          : <button type="button" onClick={fig.pause} disabled={!running}>Pause</button>
      )}
      {p.run && (
        <button type="button" onClick={fig.stop} disabled={!running}>Stop</button>
      )}
      {(state === 'error' || state === 'diverged') && (
        <button type="button" onClick={fig.retry}>Retry</button>
      )}
    </>
  );
  const statusLine = (
    <p ref={status} class={`figure-status status-${state}`} role="status" aria-live="polite" tabIndex={-1}>
      {joinWords([
        statusWord && <span class="status-word">{statusWord}</span>,
        pct !== null && running && (
          <span class="status-progress">
            {/* The bar stays for a screen reader to find; its changing figures are hidden from
                the live region (the quarters are announced apart, below). */}
            <progress max={100} value={pct} aria-label={`Progress of ${name}`} />{' '}
            <span aria-hidden="true">
              {pct}%
              {timeLeft != null && !paused && <span class="status-eta">, {roughDuration(timeLeft)} left</span>}
              {/* A full stop, so that what follows ("New settings: ...") reads as a sentence of its own. */}
              .
            </span>
          </span>
        ),
        // Said once to a screen reader ("Downloading the images."); the megabytes, which change
        // ten times a second, are for the eye (the bar keeps its value for one who looks).
        download && (
          <span class="status-progress status-download">
            {download.total > 0 && <progress max={download.total} value={download.loaded} aria-label="Download of the images" />}{' '}
            Downloading the images<span aria-hidden="true">:{' '}
            {download.total > 0 ? `${mb(download.loaded)} of ${mb(download.total)}\u00a0MB` : `${mb(download.loaded)}\u00a0MB so far`}</span>.
          </span>
        ),
        running && paused === 'offscreen' && <span class="status-message status-offscreen">Waiting until the figure is back on screen.</span>,
        // Paper gets no progress bar, time left or controls (figures.css): what it needs is that
        // the drawing is a run cut short, and how far it got. Hidden from screen readers too (it
        // changes with every progress report, and the live region says the quarters already).
        running && (
          <span class="status-print" aria-hidden="true">
            {pct
              ? `Printed during a run, ${pct}% of the way through: the drawing shows the part done so far.`
              // Nothing of it drawn yet (just started, or waiting to be scrolled to): the drawing is the one before it.
              : 'Printed before its run got under way: the drawing is from before it.'}
          </span>
        ),
        // A sentence of its own after the status word ("Diverged. Weights into ..."): a first plain
        // word gets its capital; a file name ("first1000-images.idx3.gz: ...") or an η does not.
        message && <span class="status-message">{/^[a-z]+\s/.test(message) ? message[0].toUpperCase() + message.slice(1) : message}</span>,
        armed && (
          <span class="status-armed">
            {`New settings: press ${p.startLabel ?? 'Start'} to run them${running ? ' instead' : ''}. Until then, ${name} shows ${running ? 'the run under way' : 'its last run'}.`}
          </span>
        ),
        // After an error the drawing still shows the last result: its summary goes on a line of
        // its own, said to be the earlier one, not run on after the error's sentence.
        !running && p.summary && (state === 'error'
          ? <span class="status-summary status-earlier">Still shown, from before: <Spoken text={p.summary} /></span>
          : <span class="status-summary"><Spoken text={p.summary} /></span>),
      ])}
    </p>
  );
  return (
    <>
    <figure ref={root} id={`fig-${p.id}`} class="live-figure" data-figure={p.id} data-state={state} data-source={fig.source.value} data-paused={running && paused ? paused : undefined} data-armed={armed || undefined}>
      {/* Busy is the drawing being redrawn, not the figure: a screen reader (NVDA) holds back a
          busy element's live regions, and the status line must say how a run ended. */}
      <div class="figure-plot" aria-busy={running && !paused} style={{ '--aspect': String(p.aspect ?? 16 / 9), '--aspect-narrow': String(p.narrowAspect ?? p.aspect ?? 16 / 9) }}>
        {p.plot}
      </div>
      {/* Styled like the data table (figures.css .figure-data), but never collapsed. */}
      {p.aside && <div ref={aside} class="figure-aside figure-data">{p.aside}</div>}
      {/* A long run's Start, Pause and Stop, and the line that says how it goes, come right under
          its drawing (on a phone the settings and their notes below took a screen and more, and
          a reader pressed Start out of sight of the plot); quick figures keep theirs after the
          controls. */}
      {full && (
        <div class="figure-controls figure-run" role="group" aria-label={`Run ${name}`}>
          <fieldset class="figure-live" role="none" data-live={live ? 'true' : 'false'}>
            <div class="figure-buttons" ref={buttons}>{runButtons}</div>
          </fieldset>
        </div>
      )}
      {full && statusLine}
      <div class="figure-controls" role="group" aria-label={`Controls for ${name}`}>
        <fieldset class="figure-live" role="none" data-live={live ? 'true' : 'false'}>
        <KnobsContext.Provider value={fig.knobs}>{p.controls}</KnobsContext.Provider>
        <div class="figure-buttons" ref={full ? undefined : buttons}>
          {!full && runButtons}
          {/* Settings changed below Start: a keyboard user need not go back up past them all to
              run them (focus then goes to Pause, above). */}
          {full && armed && <button type="button" ref={startBelow} onClick={fig.start}>Run with these settings</button>}
          <button type="button" onClick={fig.reset}>Reset to defaults</button>
        </div>
        </fieldset>
      </div>
      {!full && statusLine}
      {notice && <p class="figure-notice" role="alert">{notice}</p>}
      <details class="figure-data">
        <summary>Data behind {name}</summary>
        {/* A table wider than a phone scrolls in its own box, with a shadow at the edge that has
            more (its last column, often the point of it, was cut off without a sign), and the
            keyboard can scroll it. */}
        <div class="figure-table-scroll" ref={tableBox}>{p.table}</div>
      </details>
      <ExportBar id={p.id} name={name} fig={fig} table={p.table} root={root} live={live} nameValues={p.nameValues} />
      <figcaption>
        {p.number > 0 && <span class="figure-label">Figure {p.number}.</span>} {p.caption}
      </figcaption>
    </figure>
    {/* Outside the figure and its busy drawing: its quarters are news while the run lasts. */}
    <span class="figure-announce sr-only" aria-live="polite" data-announces={p.id}>{announced.current.text}</span>
    </>
  );
}

// --- Take the figure with you -----------------------------------------------------------------

/** Saves `data` under `fileName` through a temporary link (the browser's own download). */
function download(fileName: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the download may still be reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The plot's panels (one <svg>, or several side by side) with where each sits, in CSS pixels. */
function plotPanels(figure: HTMLElement): PlacedSvg[] {
  const plot = figure.querySelector('.figure-plot');
  if (!plot) return [];
  const box = plot.getBoundingClientRect();
  return Array.from(plot.querySelectorAll('svg'))
    .filter((svg) => !svg.parentElement?.closest('svg')) // nested <svg>s travel with their parent
    .map((svg) => {
      const r = svg.getBoundingClientRect();
      return { svg, x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
    })
    .filter((p) => p.width > 0 && p.height > 0);
}

/** The figure's data table(s): as shown in its details, or rendered apart when not in the page. */
function dataTables(figure: HTMLElement, table: ComponentChildren): HTMLTableElement[] {
  const shown = Array.from(figure.querySelectorAll<HTMLTableElement>('details.figure-data table'));
  if (shown.length) return shown;
  const holder = document.createElement('div');
  render(<>{table}</>, holder);
  const tables = Array.from(holder.querySelectorAll('table'));
  render(null, holder);
  return tables;
}

/** The figure's background, so that its text stays legible in a file without the page around it. */
function backgroundOf(el: HTMLElement): string {
  for (let e: HTMLElement | null = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c)) return c;
  }
  return '#fff';
}

/**
 * The caption block of an exported plot: each paragraph set in the plot's face and size, wrapped
 * to the plot's width as the browser measures the text (the face is the page's, already loaded).
 */
function footerOf(figure: HTMLElement, panels: PlacedSvg[], paragraphs: string[]): SvgFooter {
  const label = panels[0].svg.querySelector('text');
  const cs = getComputedStyle(label ?? figure);
  const size = parseFloat(cs.fontSize) || 12.5;
  const family = cs.fontFamily;
  const ink = getComputedStyle(figure.querySelector('figcaption') ?? figure).color;
  const margin = 8;
  const width = Math.max(...panels.map((p) => p.x + p.width)) - Math.min(...panels.map((p) => p.x)) - 2 * margin;
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = `${size}px ${family}`;
  const lines = paragraphs.filter(Boolean).flatMap((text) => wrapText(text, width, (t) => ctx.measureText(t).width));
  return { lines, style: `font-family:${family};font-size:${size}px;fill:${ink}`, lineHeight: Math.round(size * 1.4 * 10) / 10, margin };
}

/** Draws an SVG document on a canvas at `scale` times its size and encodes it as PNG. */
async function svgToPng(svg: { text: string; width: number; height: number }, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * CSV, JSON, SVG, PNG and Copy link for one figure. Each takes what is on screen at the moment of
 * the click, so they work while a run is in progress (JSON says `complete: false` then).
 */
function ExportBar({ id, name, fig, table, root, live, nameValues }: { id: string; name: string; fig: FigureHandle; table: ComponentChildren; root: RefObject<HTMLElement>; live: boolean; nameValues?: Props['nameValues'] }) {
  const [said, say] = useState('');
  const values = () => ((fig.shown ?? fig.values)?.peek() ?? {}) as Record<string, unknown>;
  const file = (ext: string) => exportFileName(id, nameValues ? nameValues(values()) : values(), ext);
  const svgOf = async (figure: HTMLElement) => {
    const panels = plotPanels(figure);
    // The figure face travels in the file; should its files not load (offline, never cached),
    // the file names the face as before and a viewer's own stands in.
    const fontFaces = await embeddedFontFaces(panels.map((p) => p.svg)).catch(() => '');
    const caption = figure.querySelector('figcaption')?.textContent?.replace(/[^\S\u00a0]+/g, ' ').trim() ?? ''; // keeping non-breaking spaces (wrapText)
    // Files go into reports and slides: always in the light palette, whichever the page shows.
    // The scheme is switched for this synchronous read only, so the page never paints it.
    const scheme = figure.style.colorScheme;
    figure.style.colorScheme = 'light';
    try {
      return standaloneSvg(panels, (el) => getComputedStyle(el), {
        title: `${id}: ${caption}`,
        background: backgroundOf(figure),
        fontFaces,
        footer: footerOf(figure, panels, [caption, shownWords(figure), `Source: ${linkTo()}`]),
      });
    } finally {
      figure.style.colorScheme = scheme;
    }
  };
  const act = (what: string, f: (figure: HTMLElement) => Promise<string | void> | string | void) => async () => {
    const figure = root.current;
    if (!figure) return;
    try {
      say((await f(figure)) ?? '');
    } catch (e) {
      say(`${what}: ${(e as Error).message}`);
    }
  };
  const formats: [string, string, (figure: HTMLElement) => Promise<void> | void][] = [
    ['CSV', 'the data table', (figure) => {
      const tables = dataTables(figure, table);
      if (!tables.length) throw new Error('no data to export yet');
      // A byte-order mark first: without it Excel reads the file as the system's code page and
      // garbles the headers' σ′, ∂ and subscripts.
      download(file('csv'), new Blob(['\uFEFF' + tablesToCsv(tables)], { type: 'text/csv;charset=utf-8' }));
    }],
    ['JSON', 'the result and its parameters', () => {
      const job = fig.job?.();
      const partial = fig.partial?.peek();
      const result = partial ?? fig.result?.peek();
      if (!job || result === undefined) throw new Error('no result to export yet');
      const payload = jsonPayload({ figure: id, experiment: job.name, values: values(), params: job.params, result, complete: partial === undefined && fig.state.peek() !== 'running', url: linkTo() });
      download(file('json'), new Blob([JSON.stringify(payload, null, 2) + '\n'], { type: 'application/json' }));
    }],
    ['SVG', 'the plot', async (figure) => download(file('svg'), new Blob([(await svgOf(figure)).text], { type: 'image/svg+xml' }))],
    ['PNG', 'the plot at twice its size', async (figure) => download(file('png'), await svgToPng(await svgOf(figure), 2))],
  ];
  // What the plot shows, in the status line's words; during a run, that it is unfinished.
  const shownWords = (figure: HTMLElement) => {
    if (fig.state.peek() === 'running') {
      const f = fig.progress.peek();
      return `Drawn during a run${f === null ? '' : `, ${Math.round(100 * f)}\u00a0% done`}: the plot shows the run so far.`;
    }
    const summary = figure.querySelector('.status-summary');
    return summary ? shownText(summary) : '';
  };
  const linkTo = () => {
    const url = fig.link ? fig.link() : new URL(location.href);
    url.hash = `fig-${id}`;
    return url.href;
  };
  const copy = act('Copy link', async () => {
    const href = linkTo();
    try {
      await navigator.clipboard.writeText(href);
      return 'Link copied.';
    } catch {
      return `Copy this link: ${href}`;
    }
  });
  return (
    <div class="figure-export" role="group" aria-label={`Take ${name} with you`}>
      <span class="figure-export-label" aria-hidden="true">Download</span>
      <fieldset class="figure-live" role="none" data-live={live ? 'true' : 'false'}>
      {formats.map(([fmt, what, f]) => (
        <button key={fmt} type="button" aria-label={`Download ${fmt} of ${name} (${what})`} onClick={act(fmt, f)}>{fmt}</button>
      ))}
      <button type="button" aria-label={`Copy link to ${name} as it is now`} onClick={copy}>Copy link</button>
      </fieldset>
      {/* Live but not role="status": the figure's status line is its one status. */}
      <span class="figure-export-said" aria-live="polite">{said}</span>
    </div>
  );
}
