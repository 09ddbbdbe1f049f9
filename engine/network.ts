/**
 * A fully connected feed-forward network: layer sizes, weights and biases, nothing else.
 * Storage differs from the book's matrices only in layout: weights[l] is row-major, row j holding
 * the weights into neuron j of layer l+1 (the book's w^{l+2}_{jk}, since it counts the input as
 * layer 1). Hidden layers use the chosen activation; the output layer is always sigmoid, as in
 * the book, so that both costs are defined on (0, 1).
 */
import type { ActivationName } from './activations';
import { activationByName } from './activations';
import type { InitName } from './initialisers';
import { initialiserByName } from './initialisers';
import { createRng } from './rng';

export interface Network {
  sizes: number[];
  /** weights[l][j * sizes[l] + k]: from neuron k of layer l to neuron j of layer l+1. */
  weights: Float64Array[];
  biases: Float64Array[];
  activation: ActivationName;
}

export interface NetworkOptions {
  sizes: number[];
  seed: number;
  init?: InitName;
  activation?: ActivationName;
}

export function createNetwork({ sizes, seed, init = 'default', activation = 'sigmoid' }: NetworkOptions): Network {
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`network sizes must be at least two positive integers, got [${sizes}]`);
  }
  activationByName(activation); // validates the name
  const initialiser = initialiserByName(init);
  const rng = createRng(seed);
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  // Draw order (all weights of a layer, then its biases, layer by layer) is part of determinism.
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const wSd = initialiser.weightSd(nIn, nOut);
    const w = new Float64Array(nOut * nIn);
    for (let i = 0; i < w.length; i++) w[i] = rng.gaussian(0, wSd);
    const b = new Float64Array(nOut);
    if (initialiser.biasSd > 0) for (let j = 0; j < nOut; j++) b[j] = rng.gaussian(0, initialiser.biasSd);
    weights.push(w);
    biases.push(b);
  }
  return { sizes: [...sizes], weights, biases, activation };
}

export function cloneNetwork(net: Network): Network {
  return {
    sizes: [...net.sizes],
    weights: net.weights.map((w) => w.slice()),
    biases: net.biases.map((b) => b.slice()),
    activation: net.activation,
  };
}

/** Zero arrays shaped like a network's weights and biases (for gradients). */
export function zerosLike(net: Network): { weights: Float64Array[]; biases: Float64Array[] } {
  return {
    weights: net.weights.map((w) => new Float64Array(w.length)),
    biases: net.biases.map((b) => new Float64Array(b.length)),
  };
}
