/**
 * Train one network on MNIST with the book's mini-batch SGD and L2 regularisation, reporting
 * validation accuracy and cost after every epoch (E1 is four of these runs).
 */
import type { ActivationName } from '../activations';
import { headOf } from '../dataset';
import type { InitName } from '../initialisers';
import { createNetwork } from '../network';
import { train } from '../train';
import { mnistShapeProblems } from './checks';
import { activationParam, gainParam, gainProblems, initParam, normParam, remedyOptions, residualParam, residualProblems, seedParam, sizesParam } from './common';
import type { DivergedInfo } from './types';
import { defineExperiment, need } from './types';

export interface EpochScore {
  epoch: number;
  /** Validation accuracy, a fraction. */
  accuracy: number;
  /** Mean cross-entropy on the validation set (no regularisation term). */
  cost: number;
}

export interface TrainResultData {
  sizes: number[];
  epochs: EpochScore[];
  diverged?: DivergedInfo;
}

/** Shuffling draws from its own stream so that changing epochs never changes the initial weights. */
export const SHUFFLE_SEED_OFFSET = 1_000_003;

export default defineExperiment({
  name: 'train',
  title: 'Train one network',
  description: 'Mini-batch SGD with L2 regularisation on the training images; validation accuracy and cost after each epoch.',
  params: {
    sizes: sizesParam([784, 30, 10], 52),
    epochs: { kind: 'int', default: 30, min: 1, max: 100, step: 1, label: 'Epochs' },
    miniBatch: { kind: 'int', default: 10, min: 1, max: 50000, step: 1, label: 'Mini-batch size' },
    eta: { kind: 'number', default: 0.1, min: 0.0001, max: 100, step: 0.01, label: 'Learning rate η', scale: 'log' },
    lambda: { kind: 'number', default: 5, min: 0, max: 100, step: 0.1, label: 'Regularisation λ' },
    trainSize: { kind: 'int', default: 50000, min: 10, max: 50000, step: 10, label: 'Training images' },
    validationSize: { kind: 'int', default: 10000, min: 100, max: 10000, step: 100, label: 'Validation images' },
    seed: seedParam,
    init: initParam,
    activation: activationParam,
    gain: gainParam,
    norm: normParam,
    residual: residualParam,
    clip: { kind: 'number', default: 0, min: 0, max: 1000, step: 0.01, label: 'Clip gradient norm at (0: off)' },
  },
  check: (p) => [
    ...mnistShapeProblems(p.sizes),
    ...gainProblems(p),
    ...residualProblems(p),
    ...(p.norm === 'batch' && p.miniBatch < 2 ? ['miniBatch: batch norm needs mini-batches of at least 2'] : []),
  ],
  data: (p) => [p.trainSize <= 1000 ? 'first1000' : 'train', 'validation'],
  async run(p, data, ctx): Promise<TrainResultData> {
    const training = headOf(need(data, p.trainSize <= 1000 ? 'first1000' : 'train'), p.trainSize);
    const validation = headOf(need(data, 'validation'), p.validationSize);
    const net = createNetwork({ sizes: p.sizes, seed: p.seed, init: p.init as InitName, activation: p.activation as ActivationName, ...remedyOptions(p) });
    const epochs: EpochScore[] = [];
    const result = await train(net, training, {
      epochs: p.epochs,
      miniBatch: p.miniBatch,
      eta: p.eta,
      lambda: p.lambda,
      clip: p.clip,
      seed: p.seed + SHUFFLE_SEED_OFFSET,
      evaluation: validation,
      signal: ctx.signal,
      gate: ctx.gate,
      onEpoch: (r) => epochs.push({ epoch: r.epoch, accuracy: r.evaluation!.accuracy, cost: r.evaluation!.cost }),
      // Stream the scores so far with each progress report, for live curves.
      onProgress: (fraction) => ctx.onProgress?.(fraction, { sizes: p.sizes, epochs: [...epochs] }),
    });
    const out: TrainResultData = { sizes: p.sizes, epochs };
    if (result.outcome === 'diverged') out.diverged = result.divergence;
    return out;
  },
});
