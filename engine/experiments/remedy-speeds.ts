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
import { gainProblems, mnistSizes, remedyNetworkParams, remedyOptions } from './common';
import { defineExperiment, need } from './types';

export interface RemedySpeedsResult {
  sizes: number[];
  /** Training images the gradients are averaged over (the first ones). */
  samples: number;
  /** One per hidden layer, first to last, for the chosen configuration. */
  speeds: number[];
  /** speeds[last] / speeds[0]: above 1 the gradient vanishes on its way back, below 1 it grows. */
  ratio: number;
  /** The same for the book's configuration at this depth and seed. */
  book: number[];
  bookRatio: number;
}

export { PRESETS } from './common';
export type { PresetName } from './common';

/** Every network here has hidden layers of this width. */
export const WIDTH = 30;
const SAMPLES = 1000;

export default defineExperiment({
  name: 'remedy-speeds',
  title: 'Speed of learning of each hidden layer at initialisation, with the remedies',
  description: 'Norm of the mean bias gradient of each of 2-50 hidden layers of 30 neurons on the first 1,000 training images, for any activation, initialisation, normalisation and skips, beside the book\'s network of the same depth.',
  params: remedyNetworkParams,
  check: gainProblems,
  data: () => ['first1000'],
  async run(p, data): Promise<RemedySpeedsResult> {
    const images = headOf(need(data, 'first1000'), SAMPLES);
    const sizes = mnistSizes(p.hidden, WIDTH);
    const net = createNetwork({ sizes, seed: p.seed, init: p.init as InitName, activation: p.activation as ActivationName, ...remedyOptions(p) });
    const speeds = layerSpeeds(net, images);
    const book = layerSpeeds(createNetwork({ sizes, seed: p.seed }), images);
    return { sizes, samples: images.n, speeds, ratio: speeds[speeds.length - 1] / speeds[0], book, bookRatio: book[book.length - 1] / book[0] };
  },
});
