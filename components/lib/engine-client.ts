/**
 * The one owner of the engine's workers. Figures ask for a run by figure id; this module starts
 * workers lazily, keeps at most one job per figure (a new request cancels that figure's previous
 * job), spreads jobs over a few workers so a long training run never holds up a short job, relays
 * progress, and replaces a worker that crashes, failing only the jobs it was running. A long
 * job can be paused (by the reader, or because its figure left the screen) and resumed; a
 * paused job holds no CPU, so its worker counts as free when a short job needs one.
 *
 *   request(fig) --> [queued on a worker] --> result | diverged (in the result) | error
 *        ^                  |  new request for the same fig: cancel, settle old with AbortError
 *        '------------------'
 */
import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { abortError } from '../../engine/schedule';
import type { EngineApi } from '../../engine/worker';

/** Enough for one long and two short jobs side by side; more would only compete for 2 cores. */
const MAX_WORKERS = 3;

interface Slot {
  worker: Worker;
  api: Remote<EngineApi>;
  jobs: Map<string, (error: Error) => void>;
  /** Ids of this slot's jobs that are paused (waiting at their gate, using no CPU). */
  paused: Set<string>;
  /** This worker has run a long job: long jobs come back to it, short ones prefer others. */
  long?: boolean;
}

interface Job {
  id: string;
  slot: Slot;
  settle: (error: Error) => void;
}

const slots: Slot[] = [];
const current = new Map<string, Job>();
let counter = 0;

function dataUrl(): string {
  return new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}data/`, location.href).href;
}

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
  void slot.api.configure(dataUrl());
  slots.push(slot);
  return slot;
}

/** Jobs on a slot that are actually computing. */
const active = (s: Slot) => s.jobs.size - s.paused.size;

/**
 * An idle worker if there is one, else a new one while under the cap, else the one with the
 * fewest jobs actually computing (a worker whose only job is paused is as good as idle). Long
 * jobs get workers of their own (an idle one that ran long jobs before, else a fresh one while
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

/** Stop a figure's job, if it has one; its promise rejects with an AbortError. */
export function cancel(figureId: string): void {
  const job = current.get(figureId);
  if (!job) return;
  current.delete(figureId);
  job.settle(abortError());
  void job.slot.api.cancel(job.id);
}

/** Holds a figure's running job at its next yield (long experiments yield every ~40 ms). */
export function pause(figureId: string): void {
  const job = current.get(figureId);
  if (!job || job.slot.paused.has(job.id)) return;
  job.slot.paused.add(job.id);
  void job.slot.api.pause(job.id);
}

/** Lets a paused job carry on where it stopped. */
export function resume(figureId: string): void {
  const job = current.get(figureId);
  if (!job || !job.slot.paused.has(job.id)) return;
  job.slot.paused.delete(job.id);
  void job.slot.api.resume(job.id);
}

export interface RunOptions {
  onProgress?: (fraction: number, partial?: unknown) => void;
  /** A run of seconds or minutes (training): see pickSlot. */
  long?: boolean;
}

/**
 * Runs an experiment for a figure. Resolves with the experiment's plain-data result; rejects with
 * an AbortError when superseded or cancelled, or with the engine's error (bad parameters, data
 * that failed to load, a worker that crashed).
 */
export function run<R = unknown>(figureId: string, name: string, params: Record<string, unknown>, opts: RunOptions = {}): Promise<R> {
  cancel(figureId);
  const slot = pickSlot(opts.long);
  const id = `${figureId}#${++counter}`;
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, value?: unknown) => {
      if (settled) return;
      settled = true;
      slot.jobs.delete(id);
      slot.paused.delete(id);
      if (current.get(figureId)?.id === id) current.delete(figureId);
      if (error) reject(error);
      else resolve(value as R);
    };
    const job: Job = { id, slot, settle: (e) => settle(e) };
    slot.jobs.set(id, job.settle);
    current.set(figureId, job);
    const progress = opts.onProgress ? proxy((f: number, partial?: unknown) => !settled && opts.onProgress!(f, partial)) : undefined;
    slot.api.run(id, name, params, progress).then(
      (value) => settle(null, value),
      (error) => settle(error instanceof Error ? error : Object.assign(new Error(String(error?.message ?? error)), error)),
    );
  });
}
