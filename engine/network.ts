/**
 * A fully connected feed-forward network: layer sizes, weights and biases, and the switches of
 * the remedies for unstable gradients (normalisation, identity skips). Storage differs from the
 * book's matrices only in layout: weights[l] is row-major, row j holding the weights into neuron j
 * of layer l+1. Entry (j, k) is the chapter's w^{l+1}_{jk} (it counts the input as layer 0, as
 * this file does) and the book's w^{l+2}_{jk} (it counts the input as layer 1). Hidden layers use
 * the chosen activation; the output layer is always sigmoid, as in the book, so that both costs
 * are defined on (0, 1), and is never normalised nor skipped.
 */
import type { ActivationName } from './activations';
import { activationByName } from './activations';
import type { InitName } from './initialisers';
import { drawWeights, initialiserByName } from './initialisers';
import { createRng } from './rng';

/**
 * How hidden layers normalise their weighted inputs (see backprop.ts):
 *   none   z = W a + b (the book's networks);
 *   batch  u = W a, z = gamma (u - mean) / sqrt(var + eps) + beta, mean and var of each neuron
 *          over the mini-batch (Ioffe and Szegedy 2015); running averages for evaluation;
 *   layer  the same over each example's neurons instead (Ba, Kiros and Hinton 2016).
 * beta is stored as the layer's bias, so "the speed of the layer" stays the norm of dC/db.
 */
export type NormName = 'none' | 'batch' | 'layer';
export const NORM_NAMES: readonly NormName[] = ['none', 'batch', 'layer'];

/** Added to the variance before the square root, as in PyTorch's and TensorFlow's defaults. */
export const NORM_EPSILON = 1e-5;
/** Weight of the newest batch in batch norm's running averages (PyTorch's momentum = 0.1). */
export const RUNNING_MOMENTUM = 0.1;

export interface Network {
  sizes: number[];
  /** weights[l][j * sizes[l] + k]: from neuron k of layer l to neuron j of layer l+1 (the chapter's w^{l+1}_{jk}). */
  weights: Float64Array[];
  /** biases[l][j]: neuron j of layer l+1; beta of a normalised hidden layer. */
  biases: Float64Array[];
  activation: ActivationName;
  /** Absent means 'none'. */
  norm?: NormName;
  /**
   * Identity skips: every hidden layer after the first computes a = a_prev + f(z) (He et al.
   * 2016). The first hidden layer changes the width and has none; nor has the output layer.
   */
  residual?: boolean;
  /** gamma of each hidden layer (gains[l] for layer l+1) when norm is batch or layer. */
  gains?: Float64Array[];
  /** Batch norm's running mean and (unbiased) variance of u per hidden layer, for evaluation. */
  running?: { mean: Float64Array[]; variance: Float64Array[] };
}

export interface NetworkOptions {
  sizes: number[];
  seed: number;
  init?: InitName;
  activation?: ActivationName;
  /** Only for init 'orthogonal': every singular value of each weight matrix. */
  gain?: number;
  norm?: NormName;
  residual?: boolean;
}

/** Whether hidden layer l + 1 (weights[l]) has an identity skip. */
export function hasSkip(net: Network, l: number): boolean {
  return !!net.residual && l >= 1 && l < net.sizes.length - 2;
}

/** Whether the layer fed by weights[l] is normalised. */
export function isNormalised(net: Network, l: number): boolean {
  return (net.norm ?? 'none') !== 'none' && l < net.sizes.length - 2;
}

/**
 * True for the book's plain networks (no normalisation, no skips). The WebAssembly kernels run
 * every network (backend.ts's kernelsRun); kernels/index.ts uses this to choose between their
 * plain and remedied code paths.
 */
export function isPlain(net: Network): boolean {
  return (net.norm ?? 'none') === 'none' && !net.residual;
}

export function createNetwork({ sizes, seed, init = 'default', activation = 'sigmoid', gain, norm = 'none', residual = false }: NetworkOptions): Network {
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`network sizes must be at least two positive integers, got [${sizes}]`);
  }
  activationByName(activation); // validates the name
  const initialiser = initialiserByName(init);
  if (gain !== undefined && (!initialiser.orthogonal || !(gain > 0) || !Number.isFinite(gain))) {
    throw new Error(initialiser.orthogonal ? `gain must be a positive number, got ${gain}` : `a gain applies only to the orthogonal initialiser, not "${init}"`);
  }
  if (!NORM_NAMES.includes(norm)) throw new Error(`unknown norm "${norm}" (expected one of: ${NORM_NAMES.join(', ')})`);
  const L = sizes.length - 1;
  if (residual) {
    for (let l = 2; l < L; l++) {
      if (sizes[l] !== sizes[l - 1]) {
        throw new Error(`residual connections add a layer's input to its output, so hidden layers after the first need equal widths: hidden layer ${l} has ${sizes[l]} neurons, layer ${l - 1} has ${sizes[l - 1]}`);
      }
    }
  }
  const normalised = norm !== 'none';
  const rng = createRng(seed);
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  // Draw order (all weights of a layer, then its biases, layer by layer) is part of determinism.
  // A normalised layer's bias is beta, which starts at 0: nothing is drawn for it.
  for (let l = 0; l < L; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    weights.push(drawWeights(initialiser, rng, nIn, nOut, gain));
    const b = new Float64Array(nOut);
    const drawBias = initialiser.biasSd > 0 && !(normalised && l < L - 1);
    if (drawBias) for (let j = 0; j < nOut; j++) b[j] = rng.gaussian(0, initialiser.biasSd);
    biases.push(b);
  }
  const net: Network = { sizes: [...sizes], weights, biases, activation };
  if (normalised) {
    net.norm = norm;
    const hidden = sizes.slice(1, -1);
    net.gains = hidden.map((n) => new Float64Array(n).fill(1));
    if (norm === 'batch') net.running = { mean: hidden.map((n) => new Float64Array(n)), variance: hidden.map((n) => new Float64Array(n).fill(1)) };
  }
  if (residual) net.residual = true;
  return net;
}

export function cloneNetwork(net: Network): Network {
  const copy: Network = {
    sizes: [...net.sizes],
    weights: net.weights.map((w) => w.slice()),
    biases: net.biases.map((b) => b.slice()),
    activation: net.activation,
  };
  if (net.norm) copy.norm = net.norm;
  if (net.residual) copy.residual = true;
  if (net.gains) copy.gains = net.gains.map((g) => g.slice());
  if (net.running) copy.running = { mean: net.running.mean.map((v) => v.slice()), variance: net.running.variance.map((v) => v.slice()) };
  return copy;
}

/** Zero arrays shaped like a network's parameters (for gradients). */
export function zerosLike(net: Network): { weights: Float64Array[]; biases: Float64Array[]; gains?: Float64Array[] } {
  const out: { weights: Float64Array[]; biases: Float64Array[]; gains?: Float64Array[] } = {
    weights: net.weights.map((w) => new Float64Array(w.length)),
    biases: net.biases.map((b) => new Float64Array(b.length)),
  };
  if (net.gains) out.gains = net.gains.map((g) => new Float64Array(g.length));
  return out;
}
