/**
 * The one owner of the engine's workers. Figures ask for a run by figure id; this module starts
 * workers lazily, keeps at most one job per figure (a new request cancels that figure's previous
 * job), spreads jobs over a few workers so a long training run never holds up a short job, relays
 * progress, and replaces a worker that crashes, failing only the jobs it was running. A long
 * job can be paused (by the reader, or because its figure left the screen) and resumed; a
 * paused job holds no CPU, so its worker counts as free when a short job needs one.
 *
 * A long job whose experiment trains several independent networks (it declares `parts`) runs as
 * one task per part, on as many workers as the browser has cores to spare; the parts' partial
 * results are merged by the experiment's `combine`, so the figure sees one job: one progress
 * fraction, one result (equal to a sequential run's), and pause, cancel and failure act on all
 * of its tasks together.
 *
 *   request(fig) --> [tasks queued on workers] --> result | diverged (in the result) | error
 *        ^                  |  new request for the same fig: cancel, settle old with AbortError
 *        '------------------'
 *
 * Each worker is told at start-up which implementation of the hot loops to use ('reference' when
 * the page's link says ?engine=reference, else 'auto'); if one ends up on the slower reference
 * engine, listeners of onEngineNotice hear it once per page.
 */
import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { Backend, BackendChoice } from '../../engine/backend';
import type { ExperimentPart } from '../../engine/experiments/types';
import { abortError, isAbortError } from '../../engine/schedule';
import type { EngineApi } from '../../engine/worker';

const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
/** Reported in GB by Chromium only (rounded down to 0.25, 0.5, 1, 2, 4 or 8). */
const memoryGb = typeof navigator === 'undefined' ? undefined : (navigator as { deviceMemory?: number }).deviceMemory;
/**
 * Workers that train the parts of one run at once: the cores the browser reports, less one for
 * the page. Each holds the 50,000 training images as bytes (~47 MB with the validation set), so
 * a device that reports under 4 GB of memory gets two at most, and none gets more than six.
 */
const PART_WORKERS = Math.max(1, Math.min(cores - 1, memoryGb !== undefined && memoryGb < 4 ? 2 : 6));
/** The part workers, plus two so that short figures (and a second long one) still answer meanwhile. */
const MAX_WORKERS = PART_WORKERS + 2;
/** Parts report progress every ~40 ms each; the figure is redrawn at most this often. */
const PROGRESS_MS = 100;

interface Slot {
  worker: Worker;
  api: Remote<EngineApi>;
  /** The tasks on this worker, each with how to fail it if the worker dies. */
  jobs: Map<string, (error: Error) => void>;
  /** Ids of this slot's tasks that are paused (waiting at their gate, using no CPU). */
  paused: Set<string>;
  /** This worker has run a long job: long jobs come back to it, short ones prefer others. */
  long?: boolean;
}

/** One experiment run on one worker: a whole job, or one part of it. */
interface Task {
  id: string;
  slot: Slot;
  done: boolean;
}

interface Job {
  figureId: string;
  tasks: Task[];
  paused: boolean;
  settled: boolean;
  settle: (error: Error | null, value?: unknown) => void;
}

const slots: Slot[] = [];
const current = new Map<string, Job>();
let counter = 0;

function dataUrl(): string {
  return new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}data/`, location.href).href;
}

// ---- Which engine: ?engine=reference forces the TypeScript reference; the note says so once.

let requested: BackendChoice | undefined;
let notice = '';
const noticeListeners = new Set<(text: string) => void>();

/** 'reference' when the page's link asks for it (a reader's or a test's override), else 'auto'. */
function requestedBackend(): BackendChoice {
  if (requested) return requested;
  const asked = new URLSearchParams(location.search).get('engine');
  requested = asked === 'reference' ? 'reference' : 'auto';
  if (asked !== null && asked !== 'reference') {
    console.warn(`engine=${asked} in the link is ignored: only engine=reference (the TypeScript reference engine) can be asked for`);
  }
  return requested;
}

function noteBackend(choice: BackendChoice, inEffect: Backend): void {
  if (notice || inEffect !== 'reference') return;
  notice = choice === 'reference'
    ? 'The figures run on the TypeScript reference engine, as this page’s link asks (engine=reference): results are the same, only slower.'
    : 'This browser lacks WebAssembly SIMD, so the figures run on the slower TypeScript engine; results are the same, only slower.';
  for (const listener of noticeListeners) listener(notice);
}

/** Hears, at most once per page, that the figures run on the slower reference engine (and why). */
export function onEngineNotice(listener: (text: string) => void): () => void {
  if (notice) listener(notice);
  else noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

// ---- Workers

function startWorker(): Slot {
  const worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const slot: Slot = { worker, api: wrap<EngineApi>(worker), jobs: new Map(), paused: new Set() };
  const crash = (why: string) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    worker.terminate();
    const error = new Error(`the engine worker stopped (${why}); try again`);
    for (const fail of slot.jobs.values()) fail(error);
    slot.jobs.clear();
  };
  worker.addEventListener('error', (e) => crash(e.message || 'uncaught error'));
  worker.addEventListener('messageerror', () => crash('a message could not be read'));
  // Messages are handled in order: both arrive before any run.
  void slot.api.configure(dataUrl());
  const choice = requestedBackend();
  slot.api.useBackend(choice).then(
    () => slot.api.activeBackend().then((b) => noteBackend(choice, b)),
    () => {}, // a worker that fails here fails its first run too, and that run says why
  );
  slots.push(slot);
  return slot;
}

/** Tasks on a slot that are actually computing. */
const active = (s: Slot) => s.jobs.size - s.paused.size;

/**
 * An idle worker if there is one, else a new one while under the cap, else the one with the
 * fewest tasks actually computing (a worker whose only task is paused is as good as idle). Long
 * tasks get workers of their own (an idle one that ran long tasks before, else a fresh one while
 * under the cap), so the warm workers of short jobs (data already loaded) stay free for them.
 */
function pickSlot(long = false): Slot {
  const idle = slots.filter((s) => s.jobs.size === 0);
  if (long) {
    const own = idle.find((s) => s.long) ?? (slots.length < MAX_WORKERS ? startWorker() : undefined);
    if (own) return Object.assign(own, { long: true });
  }
  if (idle.length) return idle.find((s) => !s.long) ?? idle[0];
  if (slots.length < MAX_WORKERS) return startWorker();
  return slots.reduce((a, b) => (active(b) < active(a) ? b : a));
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : Object.assign(new Error(String((error as Error)?.message ?? error)), error);

/** Runs one task of a job on a worker of its kind; paused at once if its job is. */
function startTask(job: Job, long: boolean, name: string, params: Record<string, unknown>, onProgress?: (f: number, partial?: unknown) => void): { task: Task; result: Promise<unknown> } {
  const slot = pickSlot(long);
  const task: Task = { id: `${job.figureId}#${++counter}`, slot, done: false };
  job.tasks.push(task);
  const result = new Promise<unknown>((resolve, reject) => {
    slot.jobs.set(task.id, reject);
    const progress = onProgress ? proxy((f: number, partial?: unknown) => !job.settled && onProgress(f, partial)) : undefined;
    slot.api.run(task.id, name, params, progress).then(resolve, (e) => reject(asError(e)));
    if (job.paused) {
      slot.paused.add(task.id);
      void slot.api.pause(task.id);
    }
  });
  const release = () => {
    task.done = true;
    slot.jobs.delete(task.id);
    slot.paused.delete(task.id);
  };
  result.then(release, release);
  return { task, result };
}

/** Stops a task that is still running; the worker aborts it at its next yield (~40 ms). */
function stopTask(task: Task): void {
  if (task.done) return;
  task.done = true;
  task.slot.jobs.delete(task.id);
  task.slot.paused.delete(task.id);
  void task.slot.api.cancel(task.id);
}

// ---- Experiments in parts

type Registry = typeof import('../../engine/experiments/index');
let registry: Promise<Registry> | undefined;

interface Plan {
  parts: ExperimentPart[];
  combine(results: unknown[]): unknown;
}

/**
 * The experiment's parts for these parameters, or undefined if it runs as one task. The registry
 * (the whole engine) is loaded on the page only for this, and only when a long job first asks.
 */
async function plan(name: string, params: Record<string, unknown>): Promise<Plan | undefined> {
  registry ??= import('../../engine/experiments/index');
  registry.catch(() => (registry = undefined));
  const { getExperiment, validate } = await registry;
  const e = getExperiment(name);
  if (!e.parts || !e.combine) return undefined;
  const p = validate(e, params);
  const parts = e.parts(p);
  return parts.length > 1 ? { parts, combine: (results) => e.combine!(p, results) } : undefined;
}

/** Experiments report a blow-up as a `diverged` field in their result. */
const diverged = (r: unknown) => typeof r === 'object' && r !== null && 'diverged' in r && !!(r as { diverged?: unknown }).diverged;

/**
 * Runs a job's parts on up to PART_WORKERS workers at once and resolves with their combination.
 * Progress is the parts' fractions weighted by their work, with the combination of each part's
 * latest partial result. A part that diverges ends the run there, as in a sequential run: the
 * parts after it are stopped or never started.
 */
async function runParts(job: Job, name: string, { parts, combine }: Plan, onProgress?: RunOptions['onProgress']): Promise<unknown> {
  const latest: unknown[] = parts.map(() => undefined);
  const fraction = parts.map(() => 0);
  const total = parts.reduce((s, x) => s + x.work, 0);
  const tasks: (Task | undefined)[] = [];
  let end = parts.length; // parts from this index on are moot (an earlier one diverged)

  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (!job.settled) onProgress?.(parts.reduce((s, x, i) => s + fraction[i] * x.work, 0) / total, combine(latest));
  };
  const report = () => (timer ??= setTimeout(flush, PROGRESS_MS));

  const lanes = Math.min(PART_WORKERS, parts.length);
  // With fewer workers than parts, the longest parts go first so that the run ends soonest; one
  // worker takes them in order, so the curves appear as in a sequential run.
  const queue = parts.map((_, i) => i);
  if (lanes > 1 && lanes < parts.length) queue.sort((a, b) => parts[b].work - parts[a].work);

  const lane = async () => {
    for (let i = queue.shift(); i !== undefined && !job.settled; i = queue.shift()) {
      if (i >= end) continue;
      const { task, result } = startTask(job, true, name, parts[i].params, (f, partial) => {
        fraction[i] = f;
        if (partial !== undefined) latest[i] = partial;
        report();
      });
      tasks[i] = task;
      try {
        latest[i] = await result;
      } catch (e) {
        if (i >= end && isAbortError(e)) continue; // stopped because an earlier part diverged
        throw e;
      }
      fraction[i] = 1;
      if (diverged(latest[i]) && i < end) {
        end = i + 1;
        tasks.slice(end).forEach((t) => t && stopTask(t));
      }
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    clearTimeout(timer);
  }
  return combine(latest.map((r, i) => (i < end ? r : undefined)));
}

// ---- The figures' verbs

/** Stop a figure's job, if it has one; its promise rejects with an AbortError. */
export function cancel(figureId: string): void {
  current.get(figureId)?.settle(abortError());
}

/** Holds a figure's running job at its next yield (long experiments yield every ~40 ms). */
export function pause(figureId: string): void {
  const job = current.get(figureId);
  if (!job || job.paused) return;
  job.paused = true;
  for (const t of job.tasks) {
    if (t.done) continue;
    t.slot.paused.add(t.id);
    void t.slot.api.pause(t.id);
  }
}

/** Lets a paused job carry on where it stopped. */
export function resume(figureId: string): void {
  const job = current.get(figureId);
  if (!job || !job.paused) return;
  job.paused = false;
  for (const t of job.tasks) {
    if (t.done) continue;
    t.slot.paused.delete(t.id);
    void t.slot.api.resume(t.id);
  }
}

export interface RunOptions {
  onProgress?: (fraction: number, partial?: unknown) => void;
  /** A run of seconds or minutes (training): see pickSlot; split into parts if it has them. */
  long?: boolean;
}

/**
 * Runs an experiment for a figure. Resolves with the experiment's plain-data result; rejects with
 * an AbortError when superseded or cancelled, or with the engine's error (bad parameters, data
 * that failed to load, a worker that crashed; for a job in parts, the first part's to fail).
 */
export function run<R = unknown>(figureId: string, name: string, params: Record<string, unknown>, opts: RunOptions = {}): Promise<R> {
  cancel(figureId);
  return new Promise<R>((resolve, reject) => {
    const job: Job = {
      figureId,
      tasks: [],
      paused: false,
      settled: false,
      settle: (error, value) => {
        if (job.settled) return;
        job.settled = true;
        if (current.get(figureId) === job) current.delete(figureId);
        // Cancelled, superseded or failed: whatever still runs for this job is wasted work.
        if (error) job.tasks.forEach(stopTask);
        if (error) reject(error);
        else resolve(value as R);
      },
    };
    current.set(figureId, job);
    const whole = () => startTask(job, !!opts.long, name, params, opts.onProgress).result;
    const done = opts.long
      ? plan(name, params).then((p) => (job.settled ? undefined : p ? runParts(job, name, p, opts.onProgress) : whole()))
      : whole();
    done.then((value) => job.settle(null, value), (error) => job.settle(asError(error)));
  });
}
