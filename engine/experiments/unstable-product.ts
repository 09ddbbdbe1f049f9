/**
 * Figure 7: how a product of k factors w sigma'(z) is distributed, k = 1..maxDepth, over many
 * seeded random chains. Each chain draws maxDepth independent factors; the product at depth k is
 * that of its first k. Works in logarithms (a product of 30 tiny factors underflows a double) and
 * returns quantiles of log10 |product| per depth. Not a network: w and z are drawn independently.
 */
import { sigmoidPrime } from '../activations';
import { exp, log } from '../libm';
import { createRng } from '../rng';
import { createPauser } from '../schedule';
import { seedParam } from './common';
import { defineExperiment } from './types';

export const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;
const LN10 = log(10);

export interface UnstableProductResult {
  /** 1..maxDepth. */
  depths: number[];
  /** log10 |product| at each depth for each of QUANTILES: quantiles[q][k - 1]. */
  quantiles: number[][];
  /** Share of chains whose |product| is at least 1, per depth. */
  aboveOne: number[];
  /** Mean of ln |w sigma'(z)| over every factor drawn (the slope of the median's growth, per depth). */
  meanLnFactor: number;
}

/**
 * ln sigma'(z), with no underflow for large |z|: sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2, so
 * ln sigma'(z) = -|z| - 2 ln(1 + e^{-|z|}).
 */
export function lnSigmaPrime(z: number): number {
  const t = Math.abs(z);
  return -t - 2 * log(1 + exp(-t));
}

/** ln |w sigma'(z)|: the direct product where it is a normal double (exact cases stay exact). */
export function lnFactor(w: number, z: number): number {
  const f = Math.abs(w) * sigmoidPrime(z);
  if (f >= 1e-300 && f < Infinity) return log(f);
  // w = 0 exactly has probability about 2^-32 per draw; cap it where doubles end (ln 5e-324).
  if (w === 0) return -744.44;
  return log(Math.abs(w)) + lnSigmaPrime(z);
}

/** R-7 quantile (linear interpolation between order statistics, as d3-array and numpy do) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export default defineExperiment({
  name: 'unstable-product',
  title: 'The distribution of a product of k factors w sigma\'(z)',
  description: 'Median and quantiles of |w1 sigma\'(z1) ... wk sigma\'(zk)| for k = 1..30 over seeded random chains, with w of a chosen scale and z of a chosen spread.',
  params: {
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
    const K = p.maxDepth;
    const N = p.draws;
    // logs[k][n]: ln |product of the first k + 1 factors| of chain n.
    const logs = Array.from({ length: K }, () => new Float64Array(N));
    let sumLn = 0;
    for (let n = 0; n < N; n++) {
      let acc = 0;
      for (let k = 0; k < K; k++) {
        // Per factor: the weight, then z (a fixed order is part of determinism).
        const g = rng.gaussian();
        const w = p.weights === 'fixed' ? (rng.next() < 0.5 ? -p.scale : p.scale) : p.scale * g;
        const z = p.spread * rng.gaussian();
        const lf = lnFactor(w, z);
        sumLn += lf;
        acc += lf;
        logs[k][n] = acc;
      }
      if ((n & 255) === 255) {
        ctx.onProgress?.((0.9 * (n + 1)) / N);
        await pause();
      }
    }
    const quantiles = QUANTILES.map(() => new Array<number>(K));
    const aboveOne = new Array<number>(K);
    for (let k = 0; k < K; k++) {
      const sorted = logs[k].sort();
      QUANTILES.forEach((q, i) => (quantiles[i][k] = quantileSorted(sorted, q) / LN10));
      let count = 0;
      for (let n = 0; n < N; n++) if (sorted[n] >= 0) count++;
      aboveOne[k] = count / N;
      await pause();
    }
    return {
      depths: Array.from({ length: K }, (_, k) => k + 1),
      quantiles,
      aboveOne,
      meanLnFactor: sumLn / (N * K),
    };
  },
});
