/**
 * The second chapter's first figure: each hidden layer's speed of learning at initialisation
 * (the norm of the mean dC/db, as in the first chapter's E3) for 2 to 50 hidden layers of 30
 * neurons, with any combination of the remedies: activation, initialisation, normalisation and
 * identity skips. The book's configuration (sigmoid, N(0, 1/n_in), no remedy) at the same depth
 * and seed comes along as the reference the reader compares with.
 */
import type { ActivationName } from '../activations';
import { headOf } from '../dataset';
import type { InitName } from '../initialisers';
import { createNetwork } from '../network';
import { layerSpeeds } from '../speeds';
import { activationParam, gainParam, gainProblems, initParam, mnistSizes, normParam, remedyOptions, residualParam, seedParam } from './common';
import { defineExperiment, need } from './types';

export interface RemedySpeedsResult {
  sizes: number[];
  /** One per hidden layer, first to last, for the chosen configuration. */
  speeds: number[];
  /** speeds[last] / speeds[0]: above 1 the gradient vanishes on its way back, below 1 it grows. */
  ratio: number;
  /** The same for the book's configuration at this depth and seed. */
  book: number[];
  bookRatio: number;
}

/** The comparisons the chapter makes, as settings of this figure's controls. */
export const PRESETS = {
  book: { label: 'The book\'s network', activation: 'sigmoid', init: 'default', gain: 1, norm: 'none', residual: false },
  xavier: { label: 'tanh + Xavier', activation: 'tanh', init: 'xavier', gain: 1, norm: 'none', residual: false },
  he: { label: 'ReLU + He', activation: 'relu', init: 'he', gain: 1, norm: 'none', residual: false },
  'batch-norm': { label: 'sigmoid + batch norm', activation: 'sigmoid', init: 'default', gain: 1, norm: 'batch', residual: false },
  residual: { label: 'sigmoid + skips', activation: 'sigmoid', init: 'default', gain: 1, norm: 'none', residual: true },
  'he-residual': { label: 'ReLU + He + skips', activation: 'relu', init: 'he', gain: 1, norm: 'none', residual: true },
} as const;
export type PresetName = keyof typeof PRESETS;

/** Every network here has hidden layers of this width. */
export const WIDTH = 30;
const SAMPLES = 1000;

export default defineExperiment({
  name: 'remedy-speeds',
  title: 'Speed of learning of each hidden layer at initialisation, with the remedies',
  description: 'Norm of the mean bias gradient of each of 2-50 hidden layers of 30 neurons on the first 1,000 training images, for any activation, initialisation, normalisation and skips, beside the book\'s network of the same depth.',
  params: {
    hidden: { kind: 'int', default: 30, min: 2, max: 50, step: 1, label: 'Hidden layers' },
    activation: activationParam,
    init: initParam,
    gain: gainParam,
    norm: normParam,
    residual: residualParam,
    seed: seedParam,
  },
  check: gainProblems,
  data: () => ['first1000'],
  async run(p, data): Promise<RemedySpeedsResult> {
    const images = headOf(need(data, 'first1000'), SAMPLES);
    const sizes = mnistSizes(p.hidden, WIDTH);
    const net = createNetwork({ sizes, seed: p.seed, init: p.init as InitName, activation: p.activation as ActivationName, ...remedyOptions(p) });
    const speeds = layerSpeeds(net, images);
    const book = layerSpeeds(createNetwork({ sizes, seed: p.seed }), images);
    return { sizes, speeds, ratio: speeds[speeds.length - 1] / speeds[0], book, bookRatio: book[book.length - 1] / book[0] };
  },
});
