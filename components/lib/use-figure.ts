/**
 * The life of a live figure, shared by every island:
 *
 *            params change (debounced)              result
 *   ready ---------------------------> running ------------> ready
 *     ^                                 |   |  result.diverged
 *     |            retry / new params   |   '--------------> diverged
 *     '---------------------------------+------------------> error (engine threw, worker died)
 *                                   ^   |
 *              resume / back on screen  |  pause / scrolled off screen
 *                                   '-- paused (still data-state="running"; the worker waits)
 *
 * The first paint comes from the build (the same experiment run in Node); on hydration the figure
 * recomputes in a worker, so what the reader sees is always the engine's own output. Long figures
 * may opt out of that first recomputation (runOnLoad: false) and offer a Start button instead.
 * Figures whose runs take minutes and fetch the large training files also wait for Start after a
 * change (startOnChange: false): the new settings are `armed` until then, and the figure keeps
 * showing the run it has, so that nudging a slider on a phone starts neither.
 * A running job is paused while the figure is off screen (figures compute only when visible).
 */
import { batch, useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { ParamDecl, ParamValues } from '../../engine/params';
import { checkParam, defaults as declDefaults, ParamError } from '../../engine/params';
import { isAbortError } from '../../engine/schedule';
import { cancel, onDownloads, pause as pauseJob, resume as resumeJob, run, warm } from './engine-client';
import type { DownloadState } from './engine-client';
import type { Knobs } from './knobs';
import { readUrlParams, urlWithParams, writeUrlParams, type LinkPresets } from './url-state';
import { estimateLeft } from './time-left';

export type FigureState = 'ready' | 'running' | 'diverged' | 'error';

export interface FigureRunOptions<D extends ParamDecl, R> {
  figureId: string;
  decl: D;
  /** Instructor presets from MDX props, already checked. */
  initialValues: Partial<ParamValues<D>>;
  /** The build-time result for the initial values (first paint), if any. */
  initial?: R;
  /** Maps the figure's values to the experiment's name and parameters. */
  job(values: ParamValues<D>): { name: string; params: Record<string, unknown> };
  /** Wait this long after the last change before recomputing (slider drags). */
  debounceMs?: number;
  /**
   * Recompute the build's first paint in a worker on hydration (default true). Long runs set
   * false: the build's result stands until the reader changes something or presses Start.
   */
  runOnLoad?: boolean;
  /** Pause a running job while the figure is scrolled out of view (default true). */
  pauseOffscreen?: boolean;
  /** Runs take seconds or minutes (training): the engine client gives them a worker of their own. */
  long?: boolean;
  /**
   * A change of the values (a control, a link, Reset) starts a run (default true). Figures whose
   * runs take minutes set false: the change waits for Start, and `armed` says so.
   */
  startOnChange?: boolean;
  /** The instructor's hidden and locked controls (components/lib/knobs.ts). */
  knobs?: Knobs;
  /**
   * Problems with the values taken together (a scaled layer deeper than the network, one
   * configuration in two slots), each a sentence naming its parameter: a change that makes one
   * is refused with a message, like a value outside its declaration, and so is a link's value.
   */
  check?(values: ParamValues<D>): string[];
  /** The figure's named presets, which a link may name (`?<id>.preset=<name>`, url-state.ts). */
  linkPresets?: LinkPresets;
}

const sameValues = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
/** How often a running figure's progress may redraw it (see run() below). */
const REDRAW_MS = 200;


/** Experiments report a blow-up as a `diverged` field in their result. */
function divergence(r: unknown): { message: string } | undefined {
  return (r as { diverged?: { message: string } } | undefined)?.diverged;
}

export function useFigure<D extends ParamDecl, R extends object>(opts: FigureRunOptions<D, R>) {
  const { figureId, decl } = opts;
  const locked = opts.knobs?.lock ?? [];
  const start = useMemo(() => ({ ...declDefaults(decl), ...opts.initialValues }) as ParamValues<D>, []);
  const values = useSignal<ParamValues<D>>(start);
  const result = useSignal<R | undefined>(opts.initial);
  const partial = useSignal<unknown>(undefined);
  const source = useSignal<'build' | 'worker'>('build');
  const state = useSignal<FigureState>(opts.initial ? (divergence(opts.initial) ? 'diverged' : 'ready') : 'running');
  const progress = useSignal<number | null>(null);
  const message = useSignal<string>('');
  const notice = useSignal<string>('');
  const attempt = useSignal(0);
  /** The reader pressed Pause / the figure is off screen; either one holds the job. */
  const paused = useSignal(false);
  const offscreen = useSignal(false);
  /** Estimated milliseconds left in the running job, or null when unknown. */
  const timeLeft = useSignal<number | null>(null);
  /** The data a long run is downloading before it can train (null when none is). */
  const download = useSignal<DownloadState | null>(null);
  /** What this run has downloaded, file by file (cleared as each run begins). */
  const fetched = useMemo(() => new Map<string, DownloadState>(), []);
  /** The values behind the result on show (the build's, or the last run's, finished or not). */
  const shown = useSignal<ParamValues<D>>(start);
  /** startOnChange: false, a result on show, and values that differ from it: Start would run them. */
  const armed = useComputed(() => opts.startOnChange === false && result.value !== undefined && !sameValues(values.value, shown.value));
  /** restored: Reset put the build's result back, so the values' return to the start needs no run. */
  const anchor = useMemo(() => ({ t: 0, f: 0, ran: false, restored: false, seen: [] as { t: number; f: number }[] }), []);
  /**
   * A run waiting out the debounce, and whether the next one was asked for by hand (Start,
   * Retry): those begin at once, so the figure says `running` from the click on, and a test or a
   * reader never sees the previous run's `ready` after pressing Start.
   */
  const pending = useMemo(() => ({ timer: undefined as ReturnType<typeof setTimeout> | undefined, now: false }), []);

  // Apply link parameters once, after hydration (the server has no URL).
  useEffect(() => {
    const { values: fromUrl, problems } = readUrlParams(figureId, decl, values.value, opts.linkPresets);
    // A locked control keeps the instructor's value whatever a link says.
    const overridden = locked.filter(
      (name) => JSON.stringify((fromUrl as Record<string, unknown>)[name]) !== JSON.stringify((values.value as Record<string, unknown>)[name]),
    );
    for (const name of locked) (fromUrl as Record<string, unknown>)[name] = (values.value as Record<string, unknown>)[name];
    if (overridden.length) problems.push(`${overridden.join(', ')}: fixed for this figure, so the link's value was not applied`);
    // Values that are each fine may not go together. The link's values are taken together when
    // they go together (a link that swaps two configurations needs both at once); else one by one,
    // as long as one more can be taken, and those that cannot are left out and named.
    const clashes = (v: Record<string, unknown>) => opts.check?.(v as ParamValues<D>) ?? [];
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    let accepted = { ...values.value } as Record<string, unknown>;
    let pendingNames = Object.keys(decl).filter((name) => !same((fromUrl as Record<string, unknown>)[name], accepted[name]));
    if (!clashes({ ...accepted, ...fromUrl }).length) {
      accepted = { ...accepted, ...fromUrl };
      pendingNames = [];
    }
    for (let progress = true; progress && pendingNames.length; ) {
      progress = false;
      for (const name of pendingNames) {
        const tried = { ...accepted, [name]: (fromUrl as Record<string, unknown>)[name] };
        if (!clashes(tried).length) {
          accepted = tried;
          pendingNames = pendingNames.filter((n) => n !== name);
          progress = true;
        }
      }
    }
    for (const name of pendingNames) {
      const why = clashes({ ...accepted, [name]: (fromUrl as Record<string, unknown>)[name] }).join('; ');
      problems.push(`link parameter ignored: ${why.startsWith(`${name}:`) ? why : `${name}=${JSON.stringify((fromUrl as Record<string, unknown>)[name])}: ${why}`}`);
    }
    if (problems.length) notice.value = problems.join('; ');
    values.value = accepted as ParamValues<D>;
    // The address then shows what the figure shows: keys that were not applied leave it.
    if (problems.length) writeUrlParams(figureId, decl, accepted, start);
  }, []);

  useSignalEffect(() => {
    const v = values.value;
    attempt.value; // re-run on retry
    // A long figure keeps its build-time result until something changes or Start is pressed.
    if (opts.runOnLoad === false && !anchor.ran && opts.initial && attempt.value === 0 && sameValues(v, start)) return;
    if (anchor.restored) {
      anchor.restored = false;
      if (!pending.now && sameValues(v, start)) {
        writeUrlParams(figureId, decl, v, start);
        return;
      }
    }
    const now = pending.now;
    pending.now = false;
    // Waits for Start, unless there is nothing on show yet (no first paint: compute it).
    if (opts.startOnChange === false && !now && result.peek() !== undefined) {
      writeUrlParams(figureId, decl, v, start); // the address keeps the settings, run or not
      return;
    }
    const begin = () => {
      pending.timer = undefined;
      shown.value = v;
      writeUrlParams(figureId, decl, v, start);
      const { name, params } = opts.job(v);
      state.value = 'running';
      progress.value = null;
      partial.value = undefined;
      message.value = '';
      paused.value = false;
      timeLeft.value = null;
      Object.assign(anchor, { t: performance.now(), f: 0, ran: true, seen: [] });
      fetched.clear();
      // Progress redraws the figure at most every REDRAW_MS: a run on the kernels reports every
      // ~40 ms, and painting that often (curves, progress bar, time left) would keep the main
      // thread, and on two cores the worker's core too, busy for little the reader can see.
      let latest: { f: number; p: unknown } | undefined;
      let redraw: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        redraw = undefined;
        if (!latest) return;
        progress.value = latest.f;
        if (latest.p !== undefined) partial.value = latest.p;
        if (!paused.value && !offscreen.value) timeLeft.value = estimateLeft(anchor, latest.f, performance.now());
      };
      run<R>(figureId, name, params, {
        long: opts.long,
        onProgress: (f, p) => {
          latest = { f, p: p !== undefined ? p : latest?.p };
          redraw ??= setTimeout(flush, REDRAW_MS);
        },
      }).finally(() => clearTimeout(redraw)).then(
        (r) => {
          result.value = r;
          partial.value = undefined;
          source.value = 'worker';
          progress.value = null;
          paused.value = false;
          timeLeft.value = null;
          const d = divergence(r);
          state.value = d ? 'diverged' : 'ready';
          message.value = d ? d.message : '';
        },
        (e) => {
          if (isAbortError(e)) return; // a newer run owns the state now
          state.value = 'error';
          progress.value = null;
          paused.value = false;
          timeLeft.value = null;
          message.value = (e as Error).message;
        },
      );
      // Started while off screen (a link, a reset): hold it until the figure is in view.
      if (offscreen.peek()) pauseJob(figureId);
    };
    if (now) begin();
    else pending.timer = setTimeout(begin, opts.debounceMs ?? 120);
    return () => clearTimeout(pending.timer);
  });

  useEffect(() => () => cancel(figureId), []);

  // Only long runs fetch the large training files (the small ones come with the page), so only a
  // long figure says what is downloading while it waits for them: everything this run has fetched
  // so far, the finished files whole (the training images, then the validation images, count on
  // from one total rather than starting again from zero).
  useEffect(() => (opts.long ? onDownloads((files) => {
    for (const [file, d] of files) fetched.set(file, d);
    for (const [file, d] of fetched) {
      const size = Math.max(d.loaded, d.total); // its last report may have come a little before the end
      if (!files.has(file)) fetched.set(file, { loaded: size, total: size });
    }
    if (files.size === 0) {
      download.value = null;
      return;
    }
    let loaded = 0, total = 0, known = true;
    for (const d of fetched.values()) {
      loaded += d.loaded;
      total += d.total;
      known &&= d.total > 0;
    }
    // The first 1,000 images (160 KB) come in a blink: saying so would only flicker the status
    // line and make a screen reader say it; a download is worth a word from a megabyte on.
    download.value = Math.max(loaded, known ? total : 0) >= 1e6 ? { loaded, total: known ? total : 0 } : null;
  }) : undefined), []);

  // The job computes only while the reader could see it, and only while not paused by hand.
  useSignalEffect(() => {
    const hold = paused.value || offscreen.value;
    if (state.peek() !== 'running') return;
    if (hold) {
      pauseJob(figureId);
      timeLeft.value = null;
    } else {
      resumeJob(figureId);
      Object.assign(anchor, { t: performance.now(), f: progress.peek() ?? 0, seen: [] });
    }
  });

  useEffect(() => {
    if (opts.pauseOffscreen === false || typeof IntersectionObserver === 'undefined') return;
    const el = document.getElementById(`fig-${figureId}`);
    if (!el) return;
    // A long figure waiting for Start has a worker made ready for it, in idle time, the first
    // time the reader sees it, so that Start starts training rather than a worker.
    let warmed = !(opts.long && opts.runOnLoad === false);
    const io = new IntersectionObserver(([entry]) => {
      offscreen.value = !entry.isIntersecting;
      if (entry.isIntersecting && !warmed) {
        warmed = true;
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => warm(), { timeout: 2000 });
        else setTimeout(warm, 200);
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  /**
   * Sets several values at once (a preset, a control that moves others with it), all checked
   * against the declaration first: one bad value refuses the whole change, with a message.
   */
  function setMany(changes: Partial<Record<keyof D & string, unknown>>): boolean {
    const next: Record<string, unknown> = { ...values.value };
    const problems: string[] = [];
    for (const [name, raw] of Object.entries(changes)) {
      const spec = decl[name];
      const r = !spec
        ? { problem: `${name}: not a parameter of this figure` }
        : locked.includes(name) && raw !== (values.value as Record<string, unknown>)[name]
          ? { problem: `${name}: fixed for this figure` }
          : checkParam(name, spec, raw);
      if ('problem' in r) problems.push(r.problem);
      else next[name] = r.value;
    }
    // Only a problem this change brings: values the figure already had (an instructor's
    // placement is checked at build time, so none should) do not block every other change.
    if (!problems.length) {
      const before = new Set(opts.check?.(values.value) ?? []);
      problems.push(...(opts.check?.(next as ParamValues<D>) ?? []).filter((p) => !before.has(p)));
    }
    if (problems.length) {
      notice.value = `not applied: ${problems.join('; ')}`;
      return false;
    }
    notice.value = '';
    values.value = next as ParamValues<D>;
    return true;
  }

  /** Sets one value from a control, refusing (with a message) anything outside its declaration. */
  const set = (name: keyof D & string, raw: unknown): boolean => setMany({ [name]: raw } as Partial<Record<keyof D & string, unknown>>);

  return {
    /** The placement's id and the declaration its controls are generated from (see <Control>). */
    figureId,
    decl,
    knobs: opts.knobs ?? {},
    values,
    result,
    partial,
    source,
    state,
    progress,
    download,
    message,
    notice,
    set,
    setMany,
    reset: () => {
      notice.value = '';
      if (!opts.initial) {
        values.value = { ...start };
        return;
      }
      // The build computed the defaults' result: it comes back at once, rather than a run of the
      // defaults (minutes, for Figure 1's protocol) or another run's result left on show. A run
      // of other settings still going is stopped.
      clearTimeout(pending.timer);
      pending.timer = undefined;
      if (state.peek() === 'running') cancel(figureId);
      // The address too (a long figure that has not run yet returns early in the effect below).
      writeUrlParams(figureId, decl, start, start);
      const d = divergence(opts.initial);
      batch(() => {
        result.value = opts.initial;
        partial.value = undefined;
        source.value = 'build';
        shown.value = start;
        progress.value = null;
        paused.value = false;
        timeLeft.value = null;
        state.value = d ? 'diverged' : 'ready';
        message.value = d ? d.message : '';
        anchor.restored = true;
        values.value = { ...start };
      });
    },
    stop: () => {
      clearTimeout(pending.timer); // a run still waiting out the debounce does not begin
      pending.timer = undefined;
      cancel(figureId);
      paused.value = false;
      timeLeft.value = null;
      if (state.value === 'running') {
        state.value = result.value ? 'ready' : 'error';
        message.value = result.value ? 'Stopped.' : 'Stopped before any result.';
      }
    },
    retry: () => {
      pending.now = true;
      attempt.value++;
    },
    /** Runs the current values again from the beginning (the Start button of long figures), at once. */
    start: () => {
      pending.now = true;
      attempt.value++;
    },
    /** Pause and resume by hand; `paused` is that choice, `offscreen` the viewport's. */
    paused,
    offscreen,
    pause: () => {
      if (state.value === 'running') paused.value = true;
    },
    resume: () => {
      paused.value = false;
    },
    timeLeft,
    /** The values behind what is on show (an armed figure's controls may already differ). */
    shown,
    armed,
    /** The experiment and parameters behind what is on show (the JSON download). */
    job: () => opts.job(shown.peek()),
    /** This page's URL with this figure's settings (Copy link): an armed figure's wait for Start there too. */
    link: () => urlWithParams(new URL(location.href), figureId, decl, values.peek(), start),
  };
}

/** Checks MDX props against the declaration so an instructor's typo fails the build clearly. */
export function checkProps<D extends ParamDecl>(figureId: string, decl: D, props: Record<string, unknown>): Partial<ParamValues<D>> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(decl)) {
    if (props[name] === undefined) continue;
    const r = checkParam(name, spec, props[name]);
    if ('problem' in r) problems.push(r.problem);
    else out[name] = r.value;
  }
  if (problems.length) throw new ParamError(problems.map((p) => `<figure ${figureId}> prop ${p}`));
  return out as Partial<ParamValues<D>>;
}
