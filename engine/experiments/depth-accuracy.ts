/**
 * E1: validation accuracy after every epoch for networks of 1, 2, 3 and 4 hidden layers of 30
 * sigmoid neurons, trained with the book's mini-batch SGD and L2 (mini-batch 10, eta 0.1,
 * lambda 5.0). The defaults are the book's full protocol (50,000 images, 30 epochs); figures may
 * ask for a smaller budget, and for evaluations within each epoch on a validation subsample so
 * that a slow start shows before the first epoch ends. `run` trains the networks one after
 * another; `parts` / `combine` let the engine client train them on separate workers at once.
 * Streams the curves so far; not a hyper-parameter search.
 */
import type { Dataset } from '../dataset';
import { headOf } from '../dataset';
import type { ParamValues } from '../params';
import { createNetwork } from '../network';
import type { RunContext } from '../schedule';
import { train } from '../train';
import { mnistSizes } from './common';
import { depthAccuracyParams } from './depth-accuracy.params';
import type { DivergedInfo } from './types';
import { defineExperiment, need } from './types';
import { SHUFFLE_SEED_OFFSET } from './train';

export interface DepthRun {
  hidden: number;
  sizes: number[];
  /** Validation accuracy (a fraction) on all validation images after each epoch completed so far. */
  accuracy: number[];
  /** Mean validation cross-entropy after each epoch (no regularisation term). */
  cost: number[];
  /**
   * Accuracy on the validation subsample within each epoch (perEpoch - 1 per epoch, none when
   * perEpoch is 1), at `at` epochs of training (fractional: 0.2 is a fifth of the first epoch).
   */
  checkpoints: { at: number; accuracy: number }[];
}

export interface DepthAccuracyResult {
  epochs: number;
  trainSize: number;
  validationSize: number;
  /** Evaluations per epoch: perEpoch - 1 within it on the subsample, then one on all validation images. */
  perEpoch: number;
  /** Validation images (the first ones) used for the evaluations within an epoch. */
  checkpointSize: number;
  /** One per network, in the order of `depths`; a network not started yet is absent. */
  runs: DepthRun[];
  diverged?: DivergedInfo;
}

const params = depthAccuracyParams;

type P = ParamValues<typeof params>;

/**
 * Relative cost of one example for a network with `hidden` layers of `width`: the sparse first
 * layer (~150 of 784 pixels are non-zero) dominates, each further layer adds a dense product.
 * Used only to make the progress fraction (and so the time-left estimate) roughly linear in time.
 */
function workPerExample(hidden: number, width: number, training: boolean): number {
  const first = 150 * width + 784;
  const dense = (hidden - 1) * width * width + width * 10;
  return training ? 2 * first + 3 * dense : first + dense;
}

const subsampleSize = (p: P) => Math.min(p.checkpointSize, p.validationSize);

/** Work of training one network of `hidden` layers, evaluations included (progress units). */
function workOf(p: P, hidden: number): number {
  const evaluations = p.validationSize + (p.perEpoch - 1) * subsampleSize(p);
  return p.epochs * (p.trainSize * workPerExample(hidden, p.width, true) + evaluations * workPerExample(hidden, p.width, false));
}

/**
 * Trains one network of `hidden` layers, filling `run` as it goes; reports progress (0..1 of
 * this network) after every yield and epoch. Returns the divergence, if the run blew up.
 */
async function trainOne(p: P, hidden: number, run: DepthRun, data: { training: Dataset; validation: Dataset; subsample: Dataset }, ctx: RunContext, progress: (f: number) => void): Promise<DivergedInfo | undefined> {
  // Same seed for every depth: the same shuffles, and initial weights drawn the same way. So a
  // part with depths [d] gives exactly the numbers of network d in a run of all depths.
  const net = createNetwork({ sizes: run.sizes, seed: p.seed });
  const result = await train(net, data.training, {
    epochs: p.epochs,
    miniBatch: p.miniBatch,
    eta: p.eta,
    lambda: p.lambda,
    seed: p.seed + SHUFFLE_SEED_OFFSET,
    evaluation: data.validation,
    signal: ctx.signal,
    gate: ctx.gate,
    checkpoints: p.perEpoch > 1 ? {
      perEpoch: p.perEpoch,
      data: data.subsample,
      onCheckpoint: (c) => run.checkpoints.push({ at: c.at, accuracy: c.evaluation.accuracy }),
    } : undefined,
    onEpoch: (r) => {
      run.accuracy.push(r.evaluation!.accuracy);
      run.cost.push(r.evaluation!.cost);
    },
    onProgress: progress,
  });
  if (result.outcome === 'diverged') {
    const d = result.divergence;
    return { ...d, message: `[${run.sizes.join(', ')}]: ${d.message}` };
  }
}

/** The result's frame for these parameters, around `runs` (copied, so later pushes do not show). */
function resultOf(p: P, runs: DepthRun[], diverged?: DivergedInfo): DepthAccuracyResult {
  const r: DepthAccuracyResult = {
    epochs: p.epochs,
    trainSize: p.trainSize,
    validationSize: p.validationSize,
    perEpoch: p.perEpoch,
    checkpointSize: subsampleSize(p),
    runs: runs.map((x) => ({ ...x, accuracy: x.accuracy.slice(), cost: x.cost.slice(), checkpoints: x.checkpoints.slice() })),
  };
  if (diverged) r.diverged = diverged;
  return r;
}

export default defineExperiment({
  name: 'depth-accuracy',
  title: 'Validation accuracy against depth',
  description: 'Trains networks with 1 to 4 hidden layers (by default) with mini-batch SGD and L2, reporting validation accuracy after every epoch (the chapter\'s E1); optionally also within each epoch on a validation subsample.',
  params,
  data: () => ['train', 'validation'],
  async run(p, data, ctx): Promise<DepthAccuracyResult> {
    const validation = headOf(need(data, 'validation'), p.validationSize);
    const sets = { training: headOf(need(data, 'train'), p.trainSize), validation, subsample: headOf(validation, subsampleSize(p)) };
    const work = p.depths.map((h) => workOf(p, h));
    const total = work.reduce((a, b) => a + b, 0);
    const runs: DepthRun[] = [];
    let done = 0;
    for (let i = 0; i < p.depths.length; i++) {
      const run: DepthRun = { hidden: p.depths[i], sizes: mnistSizes(p.depths[i], p.width), accuracy: [], cost: [], checkpoints: [] };
      runs.push(run);
      const diverged = await trainOne(p, p.depths[i], run, sets, ctx, (f) => ctx.onProgress?.((done + f * work[i]) / total, resultOf(p, runs)));
      if (diverged) return resultOf(p, runs, diverged);
      done += work[i];
    }
    return resultOf(p, runs);
  },
  // One part per network: the networks share nothing but the data and the seed.
  parts: (p) => p.depths.map((h) => ({ params: { ...p, depths: [h] }, work: workOf(p, h) })),
  combine(p, parts) {
    const runs: DepthRun[] = [];
    for (const r of parts) {
      if (!r) continue;
      runs.push(...r.runs);
      if (r.diverged) return resultOf(p, runs, r.diverged);
    }
    return resultOf(p, runs);
  },
});
