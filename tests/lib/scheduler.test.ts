// The engine client's scheduling (components/lib/scheduler.ts): one job per figure, superseded
// and cancelled jobs, long runs kept off the workers that answer short ones, pause, crashes, and
// runs in parts spread over workers. The workers here are in-process stand-ins for engine/worker.ts
// (a fake transport, not a fake engine): each task runs the real experiment through
// runExperiment on the real MNIST files, with the worker's abort signal and pause gate. Every task
// shares this thread, interleaved at the experiments' yields (every ~40 ms), so "at once" means
// started and unfinished together, which is what the scheduler decides; real parallelism and
// timings are the browser tests' (tests/browser/run-control.spec.ts).
//
// Results are compared with a direct sequential run using toStrictEqual and no tolerance: the
// scheduler must hand back the experiment's own numbers (for runs in parts, the combination the
// experiment's contract says equals its sequential run), so any difference is a bug. That checks
// delivery, not maths; the maths is tested in tests/engine.
import { describe, expect, it } from 'vitest';
import { createScheduler, partWorkersFor } from '../../components/lib/scheduler';
import type { EngineWorker } from '../../components/lib/scheduler';
import type { DepthAccuracyResult } from '../../engine/experiments/depth-accuracy';
import type { SigmoidPrimeResult } from '../../engine/experiments/sigmoid-prime';
import type { TrainingSpeedsResult } from '../../engine/experiments/training-speeds';
import { isAbortError, runExperiment } from '../../engine/index';
import { createGate } from '../../engine/schedule';
import type { PauseGate } from '../../engine/schedule';
import { mnist } from '../engine/helpers';

interface Task {
  id: string;
  name: string;
  params: Record<string, unknown>;
  /** How the worker's run ended: resolved, aborted (it saw the cancel) or failed. */
  outcome: Promise<'resolved' | 'aborted' | 'failed'>;
}

interface FakeWorker extends EngineWorker {
  tasks: Task[];
  cancelled: string[];
  paused: string[];
  resumed: string[];
  terminated: boolean;
  /** What the page does when a worker dies (its error or messageerror event). */
  crash(why: string): void;
}

/** In-process workers, as many as the scheduler starts, each recording what it was asked. */
function inProcess() {
  const workers: FakeWorker[] = [];
  /** Every task in the order it was started, and the most that were running at once. */
  const started: Task[] = [];
  /** What the tasks did in order: "<task id> progress" at each report, "<task id> done" at the end. */
  const log: string[] = [];
  let running = 0;
  const stats = { maxRunning: 0 };
  const startWorker = (crashed: (why: string) => void): FakeWorker => {
    const jobs = new Map<string, { controller: AbortController; gate: PauseGate }>();
    const w: FakeWorker = {
      tasks: [],
      cancelled: [],
      paused: [],
      resumed: [],
      terminated: false,
      crash: crashed,
      // engine/worker.ts's run, cancel, pause and resume, minus Comlink.
      run(id, name, params, onProgress) {
        const job = { controller: new AbortController(), gate: createGate() };
        jobs.set(id, job);
        stats.maxRunning = Math.max(stats.maxRunning, ++running);
        const reported = (f: number, partial?: unknown) => {
          log.push(`${id} progress`);
          onProgress?.(f, partial);
        };
        const result = runExperiment(name, params, mnist, { signal: job.controller.signal, onProgress: reported, gate: job.gate }).finally(() => {
          jobs.delete(id);
          running--;
          log.push(`${id} done`);
        });
        const outcome = result.then(() => 'resolved' as const, (e) => (isAbortError(e) ? 'aborted' as const : 'failed' as const));
        const task = { id, name, params, outcome };
        w.tasks.push(task);
        started.push(task);
        return result;
      },
      cancel(id) {
        w.cancelled.push(id);
        jobs.get(id)?.controller.abort();
      },
      pause(id) {
        w.paused.push(id);
        jobs.get(id)?.gate.pause();
      },
      resume(id) {
        w.resumed.push(id);
        jobs.get(id)?.gate.resume();
      },
      terminate() {
        w.terminated = true;
        for (const j of jobs.values()) j.controller.abort();
      },
    };
    workers.push(w);
    return w;
  };
  return { startWorker, workers, started, stats, log };
}

function setup(partWorkers: number) {
  const fake = inProcess();
  /** The worker that ran (or runs) the first task of figure `fig` (task ids are `fig#n`). */
  const workerOf = (fig: string) => fake.workers.find((w) => w.tasks.some((t) => t.id.startsWith(`${fig}#`)))!;
  return { ...fake, workerOf, ...createScheduler({ startWorker: fake.startWorker, partWorkers, progressMs: 20 }) };
}

const direct = <R>(name: string, params: Record<string, unknown>) => runExperiment(name, params, mnist) as Promise<R>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Settles to what happened, so a test can look at a promise it expects to reject. */
const outcome = <T>(p: Promise<T>) => p.then((value) => ({ value, error: undefined }), (error: Error) => ({ value: undefined, error }));
async function until(ok: () => boolean, what: string, ms = 20_000) {
  for (const t0 = Date.now(); !ok(); await sleep(5)) if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
}

// Closed-form and quick: a short job. A long one: full-batch training of [784, 30, 30, 30, 10] on
// 1,000 images for up to 2,000 epochs (seconds to minutes), always stopped by the test.
const SHORT = { z: 1.5, points: 41 };
const LONG = { sizes: '784,30,30,30,10', epochs: 2000 };
// Figure 1's experiment with three networks on 1,000 images for one epoch (~0.1 s each here).
const PARTS = { depths: '1,2,3', trainSize: 1000, epochs: 1, validationSize: 500, perEpoch: 3, checkpointSize: 200, seed: 2 };

describe('how many workers train the parts of one run', () => {
  it('the cores the browser reports less one for the page, at most six, at least one', () => {
    expect([1, 2, 3, 4, 7, 8, 16].map((c) => partWorkersFor(c))).toEqual([1, 1, 2, 3, 6, 6, 6]);
  });
  it('at most two on a device that reports under 4 GB (each holds ~47 MB of images)', () => {
    expect(partWorkersFor(8, 2)).toBe(2);
    expect(partWorkersFor(8, 0.5)).toBe(2);
    expect(partWorkersFor(2, 0.5)).toBe(1);
    expect(partWorkersFor(8, 4)).toBe(6); // 4 GB is not under 4
    expect(partWorkersFor(8, 8)).toBe(6);
  });
});

describe('one job per figure', () => {
  it('a job resolves with the experiment\'s own result', async () => {
    const s = setup(1);
    const r = await s.run<SigmoidPrimeResult>('fig', 'sigmoid-prime', SHORT);
    expect(r).toStrictEqual(await direct('sigmoid-prime', SHORT));
    // And it is the sigmoid's slope, not just the same object twice: sigma'(0) = 1/4 exactly
    // (0.5 * 0.5 in float64), sigma'(1.5) = e^-1.5 / (1 + e^-1.5)^2 = 0.14914645207033286.
    expect(r.peak.sigmaPrime).toBe(0.25);
    expect(r.at.sigmaPrime).toBeCloseTo(0.149146452070333, 14);
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0].tasks.map((t) => t.name)).toEqual(['sigmoid-prime']);
  });

  it('a new request for the same figure cancels the old job, on its worker too', async () => {
    const s = setup(1);
    const old = outcome(s.run('fig', 'training-speeds', LONG));
    const now = s.run<SigmoidPrimeResult>('fig', 'sigmoid-prime', SHORT);
    const { error } = await old;
    expect(isAbortError(error)).toBe(true);
    expect(await now).toStrictEqual(await direct('sigmoid-prime', SHORT));
    // The worker was told, and the training run stopped at its next yield rather than running on.
    const [first] = s.workers[0].tasks;
    expect(s.workers[0].cancelled).toEqual([first.id]);
    expect(await first.outcome).toBe('aborted');
    // The cancelled task no longer holds its worker: the new job went to the same one.
    expect(s.workers).toHaveLength(1);
  });

  it('cancel(figure) rejects the job with an AbortError and stops its task', async () => {
    const s = setup(1);
    const job = outcome(s.run('fig', 'training-speeds', LONG, { long: true }));
    await until(() => s.workers[0]?.tasks.length === 1, 'the task to start');
    s.cancel('fig');
    expect(isAbortError((await job).error)).toBe(true);
    expect(await s.workers[0].tasks[0].outcome).toBe('aborted');
    s.cancel('fig'); // nothing left to cancel: no error
  });

  it('figures run side by side on separate workers; an idle worker is used before a new one', async () => {
    const s = setup(1);
    const [a, b] = await Promise.all([s.run('a', 'sigmoid-prime', SHORT), s.run('b', 'sigmoid-prime', { ...SHORT, z: -1 })]);
    expect(a).toStrictEqual(await direct('sigmoid-prime', SHORT));
    expect(b).toStrictEqual(await direct('sigmoid-prime', { ...SHORT, z: -1 }));
    expect(s.workers).toHaveLength(2);
    await s.run('c', 'sigmoid-prime', SHORT);
    expect(s.workers).toHaveLength(2);
  });

  it('no more than partWorkers + 2 workers: a fourth job at once shares one', async () => {
    const s = setup(1);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((f, i) => s.run(f, 'sigmoid-prime', { ...SHORT, z: i })));
    expect(s.workers).toHaveLength(3);
    expect(s.workers.map((w) => w.tasks.length).sort()).toEqual([1, 1, 2]);
    for (let i = 0; i < 4; i++) expect(results[i]).toStrictEqual(await direct('sigmoid-prime', { ...SHORT, z: i }));
  });
});

describe('long runs keep off the workers of short ones', () => {
  it('a short job started while a long one trains gets another worker and answers first', async () => {
    const s = setup(1);
    const long = outcome(s.run('long', 'training-speeds', LONG, { long: true }));
    await until(() => s.workers[0]?.tasks.length === 1, 'the long task to start');
    const short = await s.run('short', 'sigmoid-prime', SHORT);
    expect(short).toStrictEqual(await direct('sigmoid-prime', SHORT));
    expect(s.workers).toHaveLength(2);
    expect(s.workers[1].tasks.map((t) => t.name)).toEqual(['sigmoid-prime']);
    // The long run is still going: the short job did not wait for it.
    expect(await Promise.race([long.then(() => 'settled'), sleep(0).then(() => 'running')])).toBe('running');
    s.cancel('long');
    await long;
  });

  it('later, long jobs go back to the worker that ran long ones, short jobs to the others', async () => {
    const s = setup(1);
    await s.run('a', 'sigmoid-prime', SHORT); // worker 0: short, warm
    await s.run('b', 'training-speeds', { ...LONG, epochs: 2 }, { long: true }); // a fresh worker 1 for the long run
    expect(s.workers).toHaveLength(2);
    await s.run('c', 'sigmoid-prime', SHORT);
    await s.run('d', 'training-speeds', { ...LONG, epochs: 2 }, { long: true });
    expect(s.workers.map((w) => w.tasks.map((t) => t.name))).toEqual([
      ['sigmoid-prime', 'sigmoid-prime'],
      ['training-speeds', 'training-speeds'],
    ]);
  });
});

describe('warming up for a long job', () => {
  it('starts one worker, which the long job then uses; a second warm-up while it waits starts no other', async () => {
    const s = setup(1);
    s.warm();
    s.warm(); // the figure came on screen twice: still one worker waiting
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0].tasks).toHaveLength(0); // ready, not running anything
    await s.run('b', 'training-speeds', { ...LONG, epochs: 2 }, { long: true });
    expect(s.workers).toHaveLength(1);
    expect(s.workers[0].tasks.map((t) => t.name)).toEqual(['training-speeds']);
    // While that worker trains, a warm-up makes another ready.
    const long = outcome(s.run('c', 'training-speeds', LONG, { long: true }));
    await until(() => s.workers[0].tasks.length === 2, 'the second long task to start');
    s.warm(); // no idle long worker now, so another is made ready (under the cap of three)
    expect(s.workers).toHaveLength(2);
    s.cancel('c');
    await long;
  });

  it('starts nothing at the cap (part workers plus two)', async () => {
    const s = setup(1);
    const long = [1, 2, 3].map((i) => outcome(s.run(`l${i}`, 'training-speeds', LONG, { long: true })));
    await until(() => s.started.length === 3, 'three long tasks to start');
    s.warm();
    expect(s.workers).toHaveLength(3);
    for (const i of [1, 2, 3]) s.cancel(`l${i}`);
    await Promise.all(long);
  });
});

describe('pause and resume', () => {
  it('a paused job computes nothing until resumed, then ends as an uninterrupted run', async () => {
    const s = setup(1);
    const params = { ...LONG, epochs: 100 }; // ~1.5 s
    const fractions: number[] = [];
    const job = s.run<TrainingSpeedsResult>('fig', 'training-speeds', params, { long: true, onProgress: (f) => fractions.push(f) });
    await until(() => fractions.length > 0, 'first progress');
    s.pause('fig');
    const [task] = s.workers[0].tasks;
    expect(s.workers[0].paused).toEqual([task.id]);
    await sleep(100); // the run reaches its next yield (~40 ms) and waits there
    const atRest = fractions.length;
    await sleep(300);
    expect(fractions.length).toBe(atRest);
    s.pause('fig'); // already paused: not asked again
    expect(s.workers[0].paused).toEqual([task.id]);
    s.resume('fig');
    expect(s.workers[0].resumed).toEqual([task.id]);
    expect(await job).toStrictEqual(await direct('training-speeds', params));
    expect(fractions.length).toBeGreaterThan(atRest);
  });

  it('a worker whose only job is paused counts as free for a short job', async () => {
    const s = setup(1); // three workers at most
    const jobs = ['a', 'b', 'c'].map((f) => outcome(s.run(f, 'training-speeds', LONG, { long: true })));
    await until(() => s.started.length === 3, 'three long tasks');
    expect(s.workers).toHaveLength(3);
    s.pause('b');
    await s.run('short', 'sigmoid-prime', SHORT);
    // b's worker (paused) took it, not the first worker, which a tie would pick.
    expect(s.workerOf('b')).not.toBe(s.workers[0]);
    expect(s.workerOf('short')).toBe(s.workerOf('b'));
    ['a', 'b', 'c'].forEach(s.cancel);
    for (const j of jobs) expect(isAbortError((await j).error)).toBe(true);
  });
});

describe('a worker that crashes', () => {
  it('fails only its own jobs, and the next request starts a fresh worker', async () => {
    const s = setup(1);
    const a = outcome(s.run('a', 'training-speeds', LONG, { long: true }));
    const b = s.run('b', 'training-speeds', { ...LONG, epochs: 3 });
    await until(() => s.started.length === 2, 'both tasks');
    const [wa, wb] = [s.workerOf('a'), s.workerOf('b')];
    expect(wa).not.toBe(wb);
    wa.crash('simulated');
    const { error } = await a;
    expect(error?.message).toBe('the engine worker stopped (simulated); try again');
    expect(wa.terminated).toBe(true);
    expect(await wa.tasks[0].outcome).toBe('aborted'); // terminated, it computes no more
    expect(await b).toStrictEqual(await direct('training-speeds', { ...LONG, epochs: 3 }));
    // Retry: the dead worker is never asked again; b's, now idle, takes the job.
    expect(await s.run('a', 'sigmoid-prime', SHORT)).toStrictEqual(await direct('sigmoid-prime', SHORT));
    expect(wb.tasks.map((t) => t.name)).toEqual(['training-speeds', 'sigmoid-prime']);
    expect(wa.tasks).toHaveLength(1);
  });

  it('an error thrown by the engine reaches the figure as it was written', async () => {
    const s = setup(1);
    const { error } = await outcome(s.run('fig', 'sigmoid-prime', { points: 40 }));
    expect(error?.message).toBe('points: must be odd so that z = 0 is on the grid, got 40');
  });
});

describe('a run in parts', () => {
  it('one part per network, each on a worker of its own at once; combined, the sequential run', async () => {
    const s = setup(3);
    const fractions: number[] = [];
    const partials: DepthAccuracyResult[] = [];
    // Thirty times the images, so that the run lasts long enough to stream its progress (with ten
    // times, ~1 s on the kernels as they are now, every part's first report could come too late
    // for a combined one before the end).
    const params = { ...PARTS, trainSize: 30000 };
    const r = await s.run<DepthAccuracyResult>('fig', 'depth-accuracy', params, {
      long: true,
      onProgress: (f, p) => {
        fractions.push(f);
        partials.push(p as DepthAccuracyResult);
      },
    });
    const sequential = await direct<DepthAccuracyResult>('depth-accuracy', params);
    expect(r).toStrictEqual(sequential);
    expect(r.runs.map((x) => x.accuracy.length)).toEqual([1, 1, 1]); // not an empty agreement
    expect(s.workers).toHaveLength(3);
    expect(s.workers.map((w) => w.tasks.map((t) => t.params.depths))).toEqual([[[1]], [[2]], [[3]]]);
    expect(s.stats.maxRunning).toBe(3);
    // Progress: one fraction for the job, never going back, each partial a prefix of the end.
    // How many reports arrive is not held: here the parts share one thread, and their yields keep
    // its timers waiting (two to five reports in ~1.5 s, where a browser gives one per 100 ms).
    // Some report shows all three networks under way: the parts' partial results combined.
    expect(partials.some((p) => p.runs.length === 3)).toBe(true);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[fractions.length - 1]).toBeLessThanOrEqual(1);
    for (const p of partials) {
      for (const x of p.runs) {
        const end = r.runs.find((y) => y.hidden === x.hidden)!;
        expect(x.checkpoints).toEqual(end.checkpoints.slice(0, x.checkpoints.length));
      }
    }
  }, 60_000);

  it('fewer workers than parts: every part at once on partWorkers workers, the longest first, each on the least loaded', async () => {
    const s = setup(2);
    const r = await s.run('fig', 'depth-accuracy', PARTS, { long: true });
    expect(r).toStrictEqual(await direct('depth-accuracy', PARTS));
    expect(s.started.map((t) => t.params.depths)).toEqual([[3], [2], [1]]);
    // Three hidden layers alone; two and one share the other worker (2 + 1 layers of work against 3).
    expect(s.workers.map((w) => w.tasks.map((t) => t.params.depths))).toEqual([[[3]], [[2], [1]]]);
    expect(s.stats.maxRunning).toBe(3);
  }, 60_000);

  it('one part worker: the parts take turns on it, so every network is under way before any ends', async () => {
    // A reader on a 2-core machine watches a race, not a queue: each network reports progress
    // before the first one finishes, and the result is still the sequential run's. All 50,000
    // images and ten evaluations per epoch, so that each network needs several turns of ~40 ms
    // and reports within them (here they went 3, 2, 1, 3, 2, 1, ... until the smallest ended).
    const s = setup(1);
    const params = { ...PARTS, trainSize: 50000, perEpoch: 10 };
    const r = await s.run('fig', 'depth-accuracy', params, { long: true });
    expect(r).toStrictEqual(await direct('depth-accuracy', params));
    expect(s.workers).toHaveLength(1);
    expect(s.started.map((t) => t.params.depths)).toEqual([[3], [2], [1]]);
    const firstDone = s.log.findIndex((e) => e.endsWith(' done'));
    for (const t of s.started) expect(s.log.indexOf(`${t.id} progress`), `${t.id} reports before any part ends`).toBeLessThan(firstDone);
  }, 60_000);

  it('a part that diverges ends the run where the sequential run ends', async () => {
    // From tests/engine/depth-accuracy.test.ts: eta * lambda / n = 10 makes every step multiply
    // the weights by about -9, so each network overflows in its first epoch.
    const WILD = { depths: '1,2,3', trainSize: 1000, miniBatch: 1, epochs: 1, validationSize: 100, eta: 100, lambda: 100, seed: 1 };
    const sequential = await direct<DepthAccuracyResult>('depth-accuracy', WILD);
    expect(sequential.runs).toHaveLength(1);
    expect(sequential.diverged).toBeDefined();

    // Every part starts at once (they take turns on the one worker); the ones after the first to
    // diverge are stopped, or their results left out.
    const one = setup(1);
    expect(await one.run('fig', 'depth-accuracy', WILD, { long: true })).toStrictEqual(sequential);
    expect(one.started).toHaveLength(3);

    const three = setup(3);
    expect(await three.run('fig', 'depth-accuracy', WILD, { long: true })).toStrictEqual(sequential);
  }, 60_000);

  it('pause, resume and cancel act on every part', async () => {
    const s = setup(3);
    const big = { ...PARTS, trainSize: 10000, epochs: 3 };
    const job = outcome(s.run('fig', 'depth-accuracy', big, { long: true }));
    await until(() => s.started.length === 3, 'three parts');
    s.pause('fig');
    expect(s.workers.map((w) => w.paused)).toEqual(s.workers.map((w) => [w.tasks[0].id]));
    s.resume('fig');
    expect(s.workers.map((w) => w.resumed)).toEqual(s.workers.map((w) => [w.tasks[0].id]));
    s.cancel('fig');
    expect(isAbortError((await job).error)).toBe(true);
    expect(s.workers.map((w) => w.cancelled)).toEqual(s.workers.map((w) => [w.tasks[0].id]));
    expect(await Promise.all(s.started.map((t) => t.outcome))).toEqual(['aborted', 'aborted', 'aborted']);
  }, 60_000);

  it('a part whose worker crashes fails the job and stops the other parts', async () => {
    const s = setup(3);
    const job = outcome(s.run('fig', 'depth-accuracy', { ...PARTS, trainSize: 10000, epochs: 3 }, { long: true }));
    await until(() => s.started.length === 3, 'three parts');
    s.workers[1].crash('simulated');
    expect((await job).error?.message).toBe('the engine worker stopped (simulated); try again');
    expect(s.workers[0].cancelled).toEqual([s.workers[0].tasks[0].id]);
    expect(s.workers[2].cancelled).toEqual([s.workers[2].tasks[0].id]);
    expect(await Promise.all(s.started.map((t) => t.outcome))).toEqual(['aborted', 'aborted', 'aborted']);
  }, 60_000);
});
