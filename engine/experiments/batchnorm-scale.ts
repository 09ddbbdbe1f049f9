/**
 * Batch norm's scale invariance, measured: multiply the weights into one hidden layer by k and
 * compare every hidden layer's speed of learning at initialisation (norm of the mean dC/db on the
 * first 1,000 training images) before and after, in the same network without normalisation and
 * with batch norm. Without it, the layers below the scaled one see their gradient pass through
 * k W on its way back (and, for saturating units, a changed f'); with it, u = k W a is normalised
 * by its own standard deviation, so k cancels (up to the variance's epsilon).
 */
import type { ActivationName } from '../activations';
import { headOf } from '../dataset';
import type { InitName } from '../initialisers';
import type { Network } from '../network';
import { cloneNetwork, createNetwork } from '../network';
import { layerSpeeds } from '../speeds';
import { activationParam, initParam, mnistSizes, seedParam } from './common';
import { defineExperiment, need } from './types';

export interface ScaleComparison {
  /** Speeds per hidden layer, first to last, before and after scaling. */
  before: number[];
  after: number[];
  /** after / before per layer. */
  ratio: number[];
}

export interface BatchnormScaleResult {
  sizes: number[];
  /** The hidden layer (1-based) whose incoming weights were multiplied by k. */
  layer: number;
  k: number;
  none: ScaleComparison;
  batch: ScaleComparison;
}

export default defineExperiment({
  name: 'batchnorm-scale',
  title: 'Scaling one layer\'s weights, with and without batch norm',
  description: 'Each hidden layer\'s speed of learning before and after the weights into one hidden layer are multiplied by k, in a network without normalisation and the same network with batch norm, on the first 1,000 training images.',
  params: {
    hidden: { kind: 'int', default: 4, min: 2, max: 10, step: 1, label: 'Hidden layers' },
    layer: { kind: 'int', default: 2, min: 1, max: 10, step: 1, label: 'Scaled hidden layer' },
    k: { kind: 'number', default: 5, min: 0.1, max: 10, step: 0.01, label: 'Weights multiplied by k', scale: 'log' },
    activation: { ...activationParam, default: 'relu' },
    init: { ...initParam, default: 'he' },
    seed: seedParam,
  },
  check: (p) => (p.layer > p.hidden ? [`layer: got ${p.layer}, but the network has only ${p.hidden} hidden layers`] : []),
  data: () => ['first1000'],
  async run(p, data): Promise<BatchnormScaleResult> {
    const images = headOf(need(data, 'first1000'), 1000);
    const sizes = mnistSizes(p.hidden);
    const compare = (norm: 'none' | 'batch'): ScaleComparison => {
      const net = createNetwork({ sizes, seed: p.seed, init: p.init as InitName, activation: p.activation as ActivationName, ...(p.init === 'orthogonal' ? { gain: 1 } : {}), norm });
      const scaled: Network = cloneNetwork(net);
      const w = scaled.weights[p.layer - 1];
      for (let i = 0; i < w.length; i++) w[i] *= p.k;
      const before = layerSpeeds(net, images);
      const after = layerSpeeds(scaled, images);
      return { before, after, ratio: after.map((a, i) => a / before[i]) };
    };
    return { sizes, layer: p.layer, k: p.k, none: compare('none'), batch: compare('batch') };
  },
});
