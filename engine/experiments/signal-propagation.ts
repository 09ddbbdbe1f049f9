/**
 * Signal propagation, layer by layer, in the view of Glorot and Bengio (2010, figures 6-7): the
 * distribution of each hidden layer's activations going forward and of the back-propagated
 * gradients dC/dz coming back, at initialisation, over the first 1,000 training images. Every
 * value counts (each example's each neuron), and each distribution is summarised by its 5, 25,
 * 50, 75 and 95 % quantiles. Gradients are per example (each image's own cost), so the band shows
 * how the error signal an individual image sends back shrinks or grows with depth. Pooled bands
 * cannot show whether a layer's activations still depend on the image (a layer that gives every
 * image the same values looks as healthy as any), so each layer also gets its spread between
 * images: the root mean square over its neurons of each neuron's standard deviation over the
 * images. The network is set up as in `remedy-speeds`; batch statistics (for batch norm) are those
 * of all 1,000 images.
 */
import type { ActivationName } from '../activations';
import { backwardBatch, createWorkspace, forwardBatch } from '../backprop';
import { createBatch } from '../batch';
import { fillBatch, headOf, identityOrder } from '../dataset';
import type { InitName } from '../initialisers';
import { createNetwork, zerosLike } from '../network';
import { gainProblems, mnistSizes, remedyNetworkParams, remedyOptions } from './common';
import { defineExperiment, need } from './types';

/** Quantiles of a distribution: 5, 25, 50, 75 and 95 %. */
export type Band = [number, number, number, number, number];
export const BAND_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface LayerSignal {
  /** Quantiles of the layer's activations a (what it passes forward). */
  activation: Band;
  /**
   * Quantiles of |dC/dz| (what comes back to the layer, per example); null where the quantile is
   * exactly 0, which a log axis cannot show (ReLU units that are off pass back nothing).
   */
  gradient: (number | null)[];
  /** Share of exactly zero gradients. */
  zero: number;
  /**
   * How much the activations differ from image to image: sqrt of the mean over the layer's neurons
   * of each neuron's variance over the images (population variance, two passes). 0 when every
   * image gives the layer exactly the same activations.
   */
  spread: number;
}

export interface SignalPropagationResult {
  sizes: number[];
  /** Training images (the first ones) whose every neuron's values are summarised. */
  samples: number;
  /** The quantiles' levels in per cent: 5, 25, 50, 75, 95. */
  percentiles: number[];
  /** One per hidden layer, first to last. */
  layers: LayerSignal[];
}

/** R-7 quantile (linear interpolation between order statistics, as numpy and d3 do) of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

const bandOf = (values: Float64Array): Band => {
  const sorted = values.slice().sort();
  return BAND_LEVELS.map((p) => quantile(sorted, p)) as Band;
};

/** spread: rows x width values, row-major (example by example), as the workspace holds them. */
export function spreadBetweenImages(a: Float64Array, rows: number, width: number): number {
  let sum = 0;
  for (let j = 0; j < width; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += a[i * width + j];
    mean /= rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (a[i * width + j] - mean) ** 2;
    sum += squares / rows;
  }
  return Math.sqrt(sum / width);
}

const SAMPLES = 1000;
const WIDTH = 30;

export default defineExperiment({
  name: 'signal-propagation',
  title: 'Activations forward and gradients back, layer by layer',
  description: 'Quantiles of each hidden layer\'s activations and back-propagated gradients dC/dz at initialisation, over the first 1,000 training images, for 2-50 hidden layers of 30 neurons with any activation, initialisation, normalisation and skips.',
  params: remedyNetworkParams,
  check: gainProblems,
  data: () => ['first1000'],
  async run(p, data): Promise<SignalPropagationResult> {
    const images = headOf(need(data, 'first1000'), SAMPLES);
    const sizes = mnistSizes(p.hidden, WIDTH);
    const net = createNetwork({ sizes, seed: p.seed, init: p.init as InitName, activation: p.activation as ActivationName, ...remedyOptions(p) });
    // One batch of all the images: forward, then backward, keeping every example's own values.
    const n = images.n;
    const batch = createBatch(n, images.nIn);
    fillBatch(images, identityOrder(n), 0, n, batch);
    const ws = createWorkspace(net, n);
    forwardBatch(net, batch, ws, 'train');
    backwardBatch(net, batch, ws, 'cross-entropy', zerosLike(net));
    const layers: LayerSignal[] = [];
    for (let l = 0; l < p.hidden; l++) {
      const count = n * sizes[l + 1];
      const a = ws.a[l + 1].subarray(0, count);
      const g = ws.delta[l].subarray(0, count).map(Math.abs);
      const zero = g.reduce((z, v) => z + (v === 0 ? 1 : 0), 0) / count;
      layers.push({ activation: bandOf(a), gradient: bandOf(g).map((q) => (q === 0 ? null : q)), zero, spread: spreadBetweenImages(a, n, sizes[l + 1]) });
    }
    return { sizes, samples: n, percentiles: BAND_LEVELS.map((p) => Math.round(100 * p)), layers };
  },
});
