/**
 * E1: validation accuracy after every epoch for networks of 1, 2, 3 and 4 hidden layers of 30
 * sigmoid neurons, trained one after another with the book's mini-batch SGD and L2 (mini-batch 10,
 * eta 0.1, lambda 5.0). The defaults are the book's full protocol (50,000 images, 30 epochs);
 * figures ask for a smaller budget. Streams the curves so far; not a hyper-parameter search.
 */
import { headOf } from '../dataset';
import { createNetwork } from '../network';
import { train } from '../train';
import { mnistSizes, seedParam } from './common';
import type { DivergedInfo } from './types';
import { defineExperiment, need } from './types';
import { SHUFFLE_SEED_OFFSET } from './train';

export interface DepthRun {
  hidden: number;
  sizes: number[];
  /** Validation accuracy (a fraction) after each epoch completed so far. */
  accuracy: number[];
  /** Mean validation cross-entropy after each epoch (no regularisation term). */
  cost: number[];
}

export interface DepthAccuracyResult {
  epochs: number;
  trainSize: number;
  validationSize: number;
  /** One per network, in the order trained; a network not started yet is absent. */
  runs: DepthRun[];
  diverged?: DivergedInfo;
}

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

export default defineExperiment({
  name: 'depth-accuracy',
  title: 'Validation accuracy against depth',
  description: 'Trains networks with 1 to 4 hidden layers (by default) with mini-batch SGD and L2, one after another, reporting validation accuracy after every epoch (the chapter\'s E1).',
  params: {
    depths: { kind: 'sizes', default: [1, 2, 3, 4], min: 1, max: 6, minLength: 1, maxLength: 6, label: 'Hidden layers of each network' },
    width: { kind: 'int', default: 30, min: 1, max: 100, step: 1, label: 'Neurons per hidden layer' },
    epochs: { kind: 'int', default: 30, min: 1, max: 60, step: 1, label: 'Epochs' },
    trainSize: { kind: 'int', default: 50000, min: 100, max: 50000, step: 100, label: 'Training images' },
    validationSize: { kind: 'int', default: 10000, min: 100, max: 10000, step: 100, label: 'Validation images' },
    miniBatch: { kind: 'int', default: 10, min: 1, max: 50000, step: 1, label: 'Mini-batch size' },
    eta: { kind: 'number', default: 0.1, min: 0.0001, max: 100, step: 0.01, label: 'Learning rate η', scale: 'log' },
    lambda: { kind: 'number', default: 5, min: 0, max: 100, step: 0.1, label: 'Regularisation λ' },
    seed: seedParam,
  },
  data: () => ['train', 'validation'],
  async run(p, data, ctx): Promise<DepthAccuracyResult> {
    const training = headOf(need(data, 'train'), p.trainSize);
    const validation = headOf(need(data, 'validation'), p.validationSize);
    const work = p.depths.map((h) => p.epochs * (p.trainSize * workPerExample(h, p.width, true) + p.validationSize * workPerExample(h, p.width, false)));
    const total = work.reduce((a, b) => a + b, 0);
    const runs: DepthRun[] = [];
    const snapshot = (): DepthAccuracyResult => ({
      epochs: p.epochs,
      trainSize: p.trainSize,
      validationSize: p.validationSize,
      runs: runs.map((r) => ({ ...r, accuracy: r.accuracy.slice(), cost: r.cost.slice() })),
    });
    let done = 0;
    for (let i = 0; i < p.depths.length; i++) {
      const sizes = mnistSizes(p.depths[i], p.width);
      const run: DepthRun = { hidden: p.depths[i], sizes, accuracy: [], cost: [] };
      runs.push(run);
      // Same seed for every depth: the same shuffles, and initial weights drawn the same way.
      const net = createNetwork({ sizes, seed: p.seed });
      const result = await train(net, training, {
        epochs: p.epochs,
        miniBatch: p.miniBatch,
        eta: p.eta,
        lambda: p.lambda,
        seed: p.seed + SHUFFLE_SEED_OFFSET,
        evaluation: validation,
        signal: ctx.signal,
        gate: ctx.gate,
        onEpoch: (r) => {
          run.accuracy.push(r.evaluation!.accuracy);
          run.cost.push(r.evaluation!.cost);
        },
        onProgress: (f) => ctx.onProgress?.((done + f * work[i]) / total, snapshot()),
      });
      done += work[i];
      if (result.outcome === 'diverged') {
        const d = result.divergence;
        return { ...snapshot(), diverged: { ...d, message: `[${sizes.join(', ')}]: ${d.message}` } };
      }
    }
    return snapshot();
  },
});
