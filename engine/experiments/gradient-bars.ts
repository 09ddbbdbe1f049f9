/**
 * E2: the bias gradient dC/db_j of each hidden neuron of a freshly initialised [784, 30, 30, 10]
 * network, averaged over the first 1,000 training images (cross-entropy cost), for the first
 * `shown` neurons of each hidden layer, plus each layer's speed over all its neurons (E3's norm).
 * Not a training run: one gradient evaluation at initialisation.
 */
import { headOf } from '../dataset';
import type { InitName } from '../initialisers';
import { createNetwork } from '../network';
import { meanGradients, norm } from '../speeds';
import { gradientBarsParams } from './gradient-bars.params';
import { defineExperiment, need } from './types';

/** The book's network for this experiment: two hidden layers of 30 sigmoid neurons. */
export const SIZES = [784, 30, 30, 10];
const SAMPLES = 1000;

export interface HiddenLayerGradients {
  /** 1-based hidden-layer number, as the chapter counts them. */
  layer: number;
  /** How many neurons the layer has (all of them count towards speed and meanAbs). */
  neurons: number;
  /** dC/db_j for neurons j = 0 .. shown-1 (signed, mean over the images). */
  grads: number[];
  /** The layer's speed: the norm of dC/db over ALL its neurons (equation 2, as in layer-speeds). */
  speed: number;
  /** Mean of |dC/db_j| over all the layer's neurons. */
  meanAbs: number;
  /** Largest |dC/db_j| over all the layer's neurons (a figure's scale that "shown" cannot move). */
  maxAbs: number;
}

export interface GradientBarsResult {
  sizes: number[];
  samples: number;
  shown: number;
  /** One entry per hidden layer, first to last. */
  layers: HiddenLayerGradients[];
}

export default defineExperiment({
  name: 'gradient-bars',
  title: 'Bias gradient of each hidden neuron at initialisation',
  description: 'dC/db of the first neurons of each hidden layer of [784, 30, 30, 10], mean over the first 1,000 training images, with each layer\'s speed (the chapter\'s E2).',
  params: gradientBarsParams,
  data: () => ['first1000'],
  async run(p, data, ctx): Promise<GradientBarsResult> {
    const images = headOf(need(data, 'first1000'), SAMPLES);
    const net = createNetwork({ sizes: SIZES, seed: p.seed, init: p.init as InitName });
    const g = meanGradients(net, images, 'cross-entropy');
    ctx.signal?.throwIfAborted();
    // biases[l] belongs to layer l + 1; the last entry is the output layer, which has no bar.
    const layers = g.biases.slice(0, -1).map((b, l) => {
      let sumAbs = 0;
      let maxAbs = 0;
      for (let j = 0; j < b.length; j++) {
        sumAbs += Math.abs(b[j]);
        maxAbs = Math.max(maxAbs, Math.abs(b[j]));
      }
      return { layer: l + 1, neurons: b.length, grads: Array.from(b.subarray(0, p.shown)), speed: norm(b), meanAbs: sumAbs / b.length, maxAbs };
    });
    return { sizes: SIZES, samples: SAMPLES, shown: p.shown, layers };
  },
});
