/**
 * E4: the speed of learning of each hidden layer DURING training: full-batch gradient descent
 * (every step uses all `samples` images) with the book's L2 update, recording each hidden layer's
 * speed, the norm of the mean dC/db, from the very gradient that the epoch's update then uses.
 * Streams the curves so far with its progress. Not mini-batch SGD: that is the `train` experiment.
 */
import { headOf } from '../dataset';
import { createNetwork } from '../network';
import { norm } from '../speeds';
import { train } from '../train';
import { mnistShapeProblems } from './checks';
import { trainingSpeedsParams } from './training-speeds.params';
import type { DivergedInfo } from './types';
import { defineExperiment, need } from './types';

export interface TrainingSpeedsResult {
  sizes: number[];
  /** Epochs asked for. */
  planned: number;
  /** Epochs recorded so far (all of them once the run is done, unless it diverged). */
  epochs: number;
  /**
   * speeds[l][e]: hidden layer l + 1 (first to last) before the update of epoch e + 1; null
   * where the gradient was no longer a finite number.
   */
  speeds: (number | null)[][];
  diverged?: DivergedInfo;
}

/** The seed `train` would shuffle with; it never shuffles a full batch, but the stream stays its own, as in `train`. */
const SHUFFLE_SEED_OFFSET = 1_000_003;

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export default defineExperiment({
  name: 'training-speeds',
  title: 'Speed of learning of each hidden layer during full-batch training',
  description: 'Norm of the mean bias gradient of each hidden layer before every full-batch gradient-descent step on the first training images (the chapter\'s E4).',
  params: trainingSpeedsParams,
  check: (p) => [...mnistShapeProblems(p.sizes), ...(p.sizes.length < 3 ? ['sizes: needs at least one hidden layer'] : [])],
  data: () => ['first1000'],
  async run(p, data, ctx): Promise<TrainingSpeedsResult> {
    const images = headOf(need(data, 'first1000'), p.samples);
    const net = createNetwork({ sizes: p.sizes, seed: p.seed });
    const hidden = p.sizes.length - 2;
    const speeds: (number | null)[][] = Array.from({ length: hidden }, () => []);
    const snapshot = (): TrainingSpeedsResult => ({ sizes: p.sizes, planned: p.epochs, epochs: speeds[0].length, speeds: speeds.map((s) => s.slice()) });

    const result = await train(net, images, {
      epochs: p.epochs,
      miniBatch: images.n, // full batch: one step per epoch
      eta: p.eta,
      lambda: p.lambda,
      seed: p.seed + SHUFFLE_SEED_OFFSET,
      signal: ctx.signal,
      gate: ctx.gate,
      // The summed bias gradient of all n images, divided by n, is the mean gradient of E3: the
      // speed is its norm, taken before the update that uses it.
      onGradient: (grads, m) => {
        for (let l = 0; l < hidden; l++) speeds[l].push(finiteOrNull(norm(grads.biases[l]) / m));
      },
      onProgress: (fraction) => ctx.onProgress?.(fraction, snapshot()),
    });
    const out = snapshot();
    if (result.outcome === 'diverged') out.diverged = result.divergence;
    return out;
  },
});
