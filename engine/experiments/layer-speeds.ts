/**
 * E3: the "speed of learning" of each hidden layer at initialisation, i.e. the norm of the mean
 * dC/db over a layer's neurons, on the first `samples` training images.
 */
import { createNetwork } from '../network';
import type { ActivationName } from '../activations';
import type { InitName } from '../initialisers';
import { layerSpeeds } from '../speeds';
import { headOf } from '../dataset';
import { activationParam, gainParam, gainProblems, initParam, normParam, remedyOptions, residualParam, residualProblems, seedParam, sizesParam } from './common';
import { defineExperiment, need } from './types';
import { mnistShapeProblems } from './checks';

export interface LayerSpeedsResult {
  sizes: number[];
  /** One per hidden layer, first to last. */
  speeds: number[];
  /** speeds[last] / speeds[0]: how much faster the last hidden layer learns. */
  ratio: number;
}

export default defineExperiment({
  name: 'layer-speeds',
  title: 'Speed of learning of each hidden layer at initialisation',
  description: 'Norm of the mean bias gradient of each hidden layer on the first training images (the chapter\'s E3).',
  params: {
    sizes: sizesParam([784, 30, 30, 30, 30, 10], 52),
    seed: seedParam,
    samples: { kind: 'int', default: 1000, min: 1, max: 10000, step: 1, label: 'Training images averaged over' },
    init: initParam,
    activation: activationParam,
    gain: gainParam,
    norm: normParam,
    residual: residualParam,
  },
  check: (p) => [
    ...mnistShapeProblems(p.sizes),
    ...(p.sizes.length < 3 ? ['sizes: needs at least one hidden layer'] : []),
    ...gainProblems(p),
    ...residualProblems(p),
  ],
  data: (p) => [p.samples <= 1000 ? 'first1000' : 'train'],
  async run(p, data): Promise<LayerSpeedsResult> {
    const images = headOf(need(data, p.samples <= 1000 ? 'first1000' : 'train'), p.samples);
    const net = createNetwork({ sizes: p.sizes, seed: p.seed, init: p.init as InitName, activation: p.activation as ActivationName, ...remedyOptions(p) });
    const speeds = layerSpeeds(net, images);
    return { sizes: p.sizes, speeds, ratio: speeds[speeds.length - 1] / speeds[0] };
  },
});
