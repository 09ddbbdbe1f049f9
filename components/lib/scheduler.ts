/**
 * The engine client's scheduling, apart from the browser: it keeps at most one job per figure (a
 * new request cancels that figure's previous job), spreads jobs over a few workers so a long
 * training run never holds up a short job, relays progress, and drops a worker that crashes,
 * failing only the jobs it was running. A long job can be paused (by the reader, or because its
 * figure left the screen) and resumed; a paused job holds no CPU, so its worker counts as free
 * when a short job needs one. Workers come from `startWorker` (engine-client.ts makes real ones;
 * the tests run the same engine in-process), so this module never touches Worker or Comlink.
 *
 * A long job whose experiment trains several independent networks (it declares `parts`) runs as
 * one task per part, all started at once on up to `partWorkers` workers (with fewer workers than
 * parts, a worker's parts take turns at every yield, so each network advances from the start);
 * the parts' partial results are merged by the experiment's `combine`, so the figure sees one
 * job: one progress fraction, one result (equal to a sequential run's), and pause, cancel and
 * failure act on all of its tasks.
 *
 *   request(fig) --> [tasks queued on workers] --> result | diverged (in the result) | error
 *        ^                  |  new request for the same fig: cancel, settle old with AbortError
 *        '------------------'
 */
import type { ExperimentPart } from '../../engine/experiments/types';
import { abortError, isAbortError } from '../../engine/schedule';

/** One worker as the scheduler sees it: engine/worker.ts's job verbs, and a way to stop it. */
export interface EngineWorker {
  run(taskId: string, name: string, params: Record<string, unknown>, onProgress?: (fraction: number, partial?: unknown) => void): Promise<unknown>;
  cancel(taskId: string): unknown;
  pause(taskId: string): unknown;
  resume(taskId: string): unknown;
  terminate(): void;
}

export interface SchedulerOptions {
  /** Starts a worker; the worker calls `crashed` if it dies (an uncaught error, a message it could not read). */
  startWorker(crashed: (why: string) => void): EngineWorker;
  /** Workers that train the parts of one run at once (see partWorkersFor). */
  partWorkers: number;
  /** Parts report progress every ~40 ms each; the figure hears of it at most this often. */
  progressMs?: number;
}

/**
 * Workers that train the parts of one run at once: the cores the browser reports, less one for
 * the page. Each holds the 50,000 training images as bytes (~47 MB with the validation set), so
 * a device that reports under 4 GB of memory gets two at most, and none gets more than six.
 */
export function partWorkersFor(cores: number, memoryGb?: number): number {
  return Math.max(1, Math.min(cores - 1, memoryGb !== undefined && memoryGb < 4 ? 2 : 6));
}

export interface RunOptions {
  onProgress?: (fraction: number, partial?: unknown) => void;
  /** A run of seconds or minutes (training): see pickSlot; split into parts if it has them. */
  long?: boolean;
}

interface Slot {
  worker: EngineWorker;
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

interface Plan {
  parts: ExperimentPart[];
  combine(results: unknown[]): unknown;
}

type Registry = typeof import('../../engine/experiments/index');

const asError = (error: unknown): Error =>
  error instanceof Error ? error : Object.assign(new Error(String((error as Error)?.message ?? error)), error);

/** Experiments report a blow-up as a `diverged` field in their result. */
const diverged = (r: unknown) => typeof r === 'object' && r !== null && 'diverged' in r && !!(r as { diverged?: unknown }).diverged;

/** Tasks on a slot that are actually computing. */
const active = (s: Slot) => s.jobs.size - s.paused.size;

export function createScheduler({ startWorker, partWorkers, progressMs = 100 }: SchedulerOptions) {
  /** The part workers, plus two so that short figures (and a second long one) still answer meanwhile. */
  const maxWorkers = partWorkers + 2;
  const slots: Slot[] = [];
  const current = new Map<string, Job>();
  let counter = 0;
  let registry: Promise<Registry> | undefined;

  function startSlot(): Slot {
    const slot = { jobs: new Map(), paused: new Set() } as Omit<Slot, 'worker'> as Slot;
    slot.worker = startWorker((why) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      slot.worker.terminate();
      const error = new Error(`the engine worker stopped (${why}); try again`);
      for (const fail of slot.jobs.values()) fail(error);
      slot.jobs.clear();
    });
    slots.push(slot);
    return slot;
  }

  /**
   * An idle worker if there is one, else a new one while under the cap, else the one with the
   * fewest tasks actually computing (a worker whose only task is paused is as good as idle). Long
   * tasks get workers of their own (an idle one that ran long tasks before, else a fresh one while
   * under the cap), so the warm workers of short jobs (data already loaded) stay free for them.
   */
  function pickSlot(long = false): Slot {
    const idle = slots.filter((s) => s.jobs.size === 0);
    if (long) {
      const own = idle.find((s) => s.long) ?? (slots.length < maxWorkers ? startSlot() : undefined);
      if (own) return Object.assign(own, { long: true });
    }
    if (idle.length) return idle.find((s) => !s.long) ?? idle[0];
    if (slots.length < maxWorkers) return startSlot();
    return slots.reduce((a, b) => (active(b) < active(a) ? b : a));
  }

  /** Runs one task of a job on a worker of its kind (or on `slot`); paused at once if its job is. */
  function startTask(job: Job, long: boolean, name: string, params: Record<string, unknown>, onProgress?: (f: number, partial?: unknown) => void, slot = pickSlot(long)): { task: Task; result: Promise<unknown> } {
    const task: Task = { id: `${job.figureId}#${++counter}`, slot, done: false };
    job.tasks.push(task);
    const result = new Promise<unknown>((resolve, reject) => {
      slot.jobs.set(task.id, reject);
      const progress = onProgress ? (f: number, partial?: unknown) => !job.settled && onProgress(f, partial) : undefined;
      slot.worker.run(task.id, name, params, progress).then(resolve, (e) => reject(asError(e)));
      if (job.paused) {
        slot.paused.add(task.id);
        void slot.worker.pause(task.id);
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
    void task.slot.worker.cancel(task.id);
  }

  /**
   * The experiment's parts for these parameters, or undefined if it runs as one task. The registry
   * (the whole engine) is loaded on the page only for this, and only when a long job first asks.
   */
  async function plan(name: string, params: Record<string, unknown>): Promise<Plan | undefined> {
    const { getExperiment, validate } = await loadRegistry();
    const e = getExperiment(name);
    if (!e.parts || !e.combine) return undefined;
    const p = validate(e, params);
    const parts = e.parts(p);
    return parts.length > 1 ? { parts, combine: (results) => e.combine!(p, results) } : undefined;
  }

  function loadRegistry(): Promise<Registry> {
    if (!registry) {
      registry = import('../../engine/experiments/index');
      registry.catch(() => (registry = undefined));
    }
    return registry;
  }

  /**
   * Runs a job's parts, all at once, on up to partWorkers workers, and resolves with their
   * combination. With fewer workers than parts a worker takes several, which take turns at
   * their yields (~40 ms each), so that every network's curve grows from the start (a race, not
   * a queue): the longest parts are placed first, each on the worker with the least work so far,
   * so that the run ends soonest. Progress is the parts' fractions weighted by their work, with
   * the combination of each part's latest partial result. A part that diverges ends the run
   * there, as in a sequential run: the parts after it are stopped, and their results left out.
   */
  async function runParts(job: Job, name: string, { parts, combine }: Plan, onProgress?: RunOptions['onProgress']): Promise<unknown> {
    const latest: unknown[] = parts.map(() => undefined);
    const fraction = parts.map(() => 0);
    const tasks: (Task | undefined)[] = [];
    let end = parts.length; // parts from this index on are moot (an earlier one diverged)

    let timer: ReturnType<typeof setTimeout> | undefined;
    // Parts after one that diverged are moot: neither their curves nor their share of the work
    // count (progress would stop short of the end, and the time left run long).
    const flush = () => {
      timer = undefined;
      if (job.settled) return;
      const live = parts.map((_, i) => i < end);
      const work = parts.reduce((s, x, i) => s + (live[i] ? x.work : 0), 0);
      onProgress?.(parts.reduce((s, x, i) => s + (live[i] ? fraction[i] * x.work : 0), 0) / work, combine(latest.map((r, i) => (live[i] ? r : undefined))));
    };
    const report = () => (timer ??= setTimeout(flush, progressMs));

    const lanes = Math.min(partWorkers, parts.length);
    const order = parts.map((_, i) => i);
    if (lanes < parts.length) order.sort((a, b) => parts[b].work - parts[a].work || a - b);
    const load: { slot: Slot; work: number }[] = [];
    const runPart = async (i: number) => {
      const least = load.length < lanes ? undefined : load.reduce((a, b) => (b.work < a.work ? b : a));
      const { task, result } = startTask(job, true, name, parts[i].params, (f, partial) => {
        fraction[i] = f;
        if (partial !== undefined) latest[i] = partial;
        report();
      }, least?.slot);
      if (least) least.work += parts[i].work;
      else load.push({ slot: task.slot, work: parts[i].work });
      tasks[i] = task;
      try {
        latest[i] = await result;
      } catch (e) {
        if (i >= end && isAbortError(e)) return; // stopped because an earlier part diverged
        throw e;
      }
      fraction[i] = 1;
      if (diverged(latest[i]) && i < end) {
        end = i + 1;
        tasks.slice(end).forEach((t) => t && stopTask(t));
      }
      report();
    };
    try {
      await Promise.all(order.map(runPart));
    } finally {
      clearTimeout(timer);
    }
    return combine(latest.map((r, i) => (i < end ? r : undefined)));
  }

  /** Stop a figure's job, if it has one; its promise rejects with an AbortError. */
  function cancel(figureId: string): void {
    current.get(figureId)?.settle(abortError());
  }

  /** Holds a figure's running job at its next yield (long experiments yield every ~40 ms). */
  function pause(figureId: string): void {
    const job = current.get(figureId);
    if (!job || job.paused) return;
    job.paused = true;
    for (const t of job.tasks) {
      if (t.done) continue;
      t.slot.paused.add(t.id);
      void t.slot.worker.pause(t.id);
    }
  }

  /** Lets a paused job carry on where it stopped. */
  function resume(figureId: string): void {
    const job = current.get(figureId);
    if (!job || !job.paused) return;
    job.paused = false;
    for (const t of job.tasks) {
      if (t.done) continue;
      t.slot.paused.delete(t.id);
      void t.slot.worker.resume(t.id);
    }
  }

  /**
   * Runs an experiment for a figure. Resolves with the experiment's plain-data result; rejects with
   * an AbortError when superseded or cancelled, or with the engine's error (bad parameters, data
   * that failed to load, a worker that crashed; for a job in parts, the first part's to fail).
   */
  function run<R = unknown>(figureId: string, name: string, params: Record<string, unknown>, opts: RunOptions = {}): Promise<R> {
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

  /**
   * Gets ready for a long job before it is asked for (a figure with a Start button came on
   * screen): a worker of its own started (its code loaded, the kernels compiled) and the
   * experiments' registry loaded for plan(), so Start begins training at once. Starts nothing
   * when an idle long worker is already there or the cap is reached; downloads no data.
   */
  function warm(): void {
    if (!slots.some((s) => s.long && s.jobs.size === 0) && slots.length < maxWorkers) startSlot().long = true;
    void loadRegistry();
  }

  return { run, cancel, pause, resume, warm };
}
