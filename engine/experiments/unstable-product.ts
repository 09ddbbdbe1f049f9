/**
 * Figure 7: how the product of k factors sigma'(z_j) w_{j+1} (the ratio between the bias gradients
 * k neurons apart, equation (10)) is distributed over many seeded random chains, k = 1..maxDepth.
 *
 * Two models of where z comes from:
 * - `chain` (the default, and what a network does): one neuron per layer, as in the derivation.
 *   The chain's input x is uniform on [0, 1) like a pixel; neuron j computes z_j = w_j a_{j-1} + b_j
 *   and a_j = f(z_j), with w_j of the chosen scale and b_j ~ N(0, bias^2). A large weight therefore
 *   makes the next z large too, which is what Problem 1 is about.
 * - `independent`: every factor draws w and z afresh, z ~ N(0, spread^2), unrelated to w. A
 *   simplification: it lets large weights explode because nothing saturates the neuron.
 *
 * Works in logarithms (a product of 30 tiny factors underflows a double) and returns quantiles of
 * log10 |product| per depth; a product that is exactly zero (a ReLU that is off) is null.
 */
import { activationByName, LEAKY_SLOPE, sigmoidPrime } from '../activations';
import type { ActivationName } from '../activations';
import { exp, log } from '../libm';
import { createRng } from '../rng';
import { createPauser } from '../schedule';
import { seedParam } from './common';
import { defineExperiment } from './types';

export const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;
const LN10 = log(10);
const LN4 = log(4);

export interface UnstableProductResult {
  /** 1..maxDepth. */
  depths: number[];
  /**
   * log10 |product| at each depth for each of QUANTILES: quantiles[q][k - 1]; null where that
   * quantile is a product of exactly zero.
   */
  quantiles: (number | null)[][];
  /** Share of chains whose |product| is at least 1, per depth. */
  aboveOne: number[];
  /** Share of chains whose product is exactly zero, per depth (only ReLU, or a weight of exactly 0). */
  zero: number[];
  /** Mean of ln |w f'(z)| over every non-zero factor drawn (the slope of the median's growth, per depth). */
  meanLnFactor: number;
  /** Mean over chains of |z| over every neuron of the chain: how far into the tails the neurons sit. */
  meanAbsZ: number;
}

/**
 * ln sigma'(z), with no underflow for large |z|: sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2, so
 * ln sigma'(z) = -|z| - 2 ln(1 + e^{-|z|}).
 */
export function lnSigmaPrime(z: number): number {
  const t = Math.abs(z);
  return -t - 2 * log(1 + exp(-t));
}

/** ln |f'(z)| with no underflow; -Infinity where f'(z) is exactly zero (ReLU for z <= 0). */
export function lnPrime(activation: ActivationName, z: number): number {
  switch (activation) {
    case 'sigmoid':
      return lnSigmaPrime(z);
    case 'tanh':
      // tanh(z) = 2 sigma(2z) - 1, so tanh'(z) = 4 sigma'(2z).
      return LN4 + lnSigmaPrime(2 * z);
    case 'relu':
      return z > 0 ? 0 : -Infinity;
    case 'leaky-relu':
      return z > 0 ? 0 : log(LEAKY_SLOPE);
  }
}

/**
 * ln |w sigma'(z)| as the independent sigmoid model has always computed it: the direct product
 * where it is a normal double (exact cases such as 4 sigma'(0) = 1 stay exact).
 */
export function lnFactor(w: number, z: number): number {
  const f = Math.abs(w) * sigmoidPrime(z);
  if (f >= 1e-300 && f < Infinity) return log(f);
  // w = 0 exactly has probability about 2^-32 per draw; cap it where doubles end (ln 5e-324).
  if (w === 0) return -744.44;
  return log(Math.abs(w)) + lnSigmaPrime(z);
}

/** ln |w f'(z)| for any activation; -Infinity for an exact zero. */
function lnFactorOf(activation: ActivationName, w: number, z: number): number {
  if (activation === 'sigmoid') return lnFactor(w, z);
  if (w === 0) return -Infinity;
  const lp = lnPrime(activation, z);
  return lp === -Infinity ? lp : log(Math.abs(w)) + lp;
}

/**
 * R-7 quantile (linear interpolation between order statistics, as d3-array and numpy do) of sorted
 * values. -Infinity (the log of an exact zero) is a value like any other: a quantile that falls
 * between -Infinity and a finite value is -Infinity, as the product there is zero.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.min(lo + 1, sorted.length - 1);
  if (sorted[lo] === -Infinity) return -Infinity;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export default defineExperiment({
  name: 'unstable-product',
  title: 'The distribution of a product of k factors σ′(z) w',
  description:
    'Median and quantiles of the product of k factors f\'(z_j) w_(j+1), k = 1..30, over seeded random chains: neurons in a chain (z = w a + b, as in a network) or w and z drawn independently (a simplification).',
  params: {
    model: {
      kind: 'choice',
      default: 'chain',
      label: 'Model',
      options: [
        { value: 'chain', label: 'chain (z = w a + b)' },
        { value: 'independent', label: 'independent (simplified)' },
      ],
    },
    activation: {
      kind: 'choice',
      default: 'sigmoid',
      label: 'Activation',
      options: [
        { value: 'sigmoid', label: 'sigmoid' },
        { value: 'tanh', label: 'tanh' },
        { value: 'relu', label: 'ReLU' },
      ],
    },
    scale: { kind: 'number', default: 1, min: 0.01, max: 100, step: 0.01, label: 'Weight scale s', scale: 'log' },
    weights: {
      kind: 'choice',
      default: 'gaussian',
      label: 'Weights',
      options: [
        { value: 'gaussian', label: 'w ~ N(0, s²)' },
        { value: 'fixed', label: '|w| = s, random sign' },
      ],
    },
    bias: { kind: 'number', default: 1, min: 0, max: 10, step: 0.1, label: 'Spread of biases b (sd)' },
    spread: { kind: 'number', default: 1, min: 0, max: 10, step: 0.1, label: 'Spread of z (sd)' },
    // 10,000 chains take about 0.2-0.4 s on a laptop; the run reports progress and can be stopped.
    draws: { kind: 'int', default: 2000, min: 100, max: 10000, step: 100, label: 'Chains drawn' },
    maxDepth: { kind: 'int', default: 30, min: 1, max: 100, step: 1, label: 'Deepest chain' },
    seed: seedParam,
  },
  data: () => [],
  async run(p, _data, ctx): Promise<UnstableProductResult> {
    const pause = createPauser(ctx.signal);
    const rng = createRng(p.seed);
    const act = p.activation as ActivationName;
    const f = activationByName(act).fn;
    const chain = p.model === 'chain';
    const K = p.maxDepth;
    const N = p.draws;
    // A weight: the Gaussian is drawn first in both rules (a fixed order is part of determinism).
    const weight = () => {
      const g = rng.gaussian();
      return p.weights === 'fixed' ? (rng.next() < 0.5 ? -p.scale : p.scale) : p.scale * g;
    };
    // logs[k][n]: ln |product of the first k + 1 factors| of chain n.
    const logs = Array.from({ length: K }, () => new Float64Array(N));
    let sumLn = 0;
    let finite = 0;
    let sumAbsZ = 0;
    for (let n = 0; n < N; n++) {
      let acc = 0;
      if (chain) {
        // Neuron 1 sees the input x; factor j is f'(z_j) w_{j+1}, so z_{j+1} uses that same weight.
        const x = rng.next();
        let z = weight() * x + p.bias * rng.gaussian();
        for (let k = 0; k < K; k++) {
          const w = weight();
          const lf = lnFactorOf(act, w, z);
          sumAbsZ += Math.abs(z);
          if (lf !== -Infinity) ((sumLn += lf), finite++);
          acc += lf;
          logs[k][n] = acc;
          if (k < K - 1) z = w * f(z) + p.bias * rng.gaussian();
        }
      } else {
        for (let k = 0; k < K; k++) {
          // Per factor: the weight, then z.
          const w = weight();
          const z = p.spread * rng.gaussian();
          const lf = lnFactorOf(act, w, z);
          sumAbsZ += Math.abs(z);
          if (lf !== -Infinity) ((sumLn += lf), finite++);
          acc += lf;
          logs[k][n] = acc;
        }
      }
      if ((n & 255) === 255) {
        ctx.onProgress?.((0.9 * (n + 1)) / N);
        await pause();
      }
    }
    const quantiles = QUANTILES.map(() => new Array<number | null>(K));
    const aboveOne = new Array<number>(K);
    const zero = new Array<number>(K);
    for (let k = 0; k < K; k++) {
      const sorted = logs[k].sort();
      QUANTILES.forEach((q, i) => {
        const l = quantileSorted(sorted, q);
        quantiles[i][k] = l === -Infinity ? null : l / LN10;
      });
      let above = 0;
      let zeros = 0;
      for (let n = 0; n < N; n++) {
        if (sorted[n] >= 0) above++;
        else if (sorted[n] === -Infinity) zeros++;
      }
      aboveOne[k] = above / N;
      zero[k] = zeros / N;
      await pause();
    }
    return {
      depths: Array.from({ length: K }, (_, k) => k + 1),
      quantiles,
      aboveOne,
      zero,
      meanLnFactor: finite ? sumLn / finite : 0,
      meanAbsZ: sumAbsZ / (N * K),
    };
  },
});
