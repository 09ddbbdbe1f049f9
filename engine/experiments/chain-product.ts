/**
 * Figure 6: the chapter's chain of four sigmoid neurons, z_j = w_j a_{j-1} + b_j, a_j = sigma(z_j),
 * with cost C = (a_4 - y)^2 / 2. Returns every z_j, sigma'(z_j), the factors sigma'(z_j) w_{j+1}
 * that link consecutive bias gradients (dC/db_j = sigma'(z_j) w_{j+1} dC/db_{j+1}), every dC/db_j
 * by equation (8), and a central finite difference of dC/db_1 on the same chain.
 * Only this one chain shape: full layers are the backprop engine's job (backprop.ts).
 */
import { sigmoid, sigmoidPrime } from '../activations';
import { createRng } from '../rng';
import type { NumberParam } from '../params';
import { seedParam } from './common';
import { defineExperiment } from './types';

export const DEPTH = 4;

export interface Chain {
  a0: number;
  /** w[j - 1] and b[j - 1] belong to neuron j (the text counts neurons from 1). */
  w: number[];
  b: number[];
  /** Target of the cost C = (a_4 - y)^2 / 2. */
  y: number;
}

export interface ChainProductResult extends Chain {
  z: number[];
  a: number[];
  sigmaPrime: number[];
  /**
   * sigma'(z_j) w_{j+1} for j = 1..3: the factor that links consecutive bias gradients,
   * dC/db_j = sigma'(z_j) w_{j+1} dC/db_{j+1} (the grouping of equations (8) and (10)).
   */
  factors: number[];
  cost: number;
  /** dC/da_4 = a_4 - y. */
  dCda4: number;
  /** dC/db_j for j = 1..4 by equation (8): sigma'(z_j) * prod_{k > j} w_k sigma'(z_k) * dC/da_4. */
  grads: number[];
  /**
   * Central difference (C(b_1 + h) - C(b_1 - h)) / (2h) on the same chain, and the size of the
   * error that floating-point rounding alone can put into it (a first-order bound).
   */
  finiteDifference: { h: number; value: number; rounding: number };
  /** |analytic - finite difference| / |analytic|, or null when the analytic value is 0. */
  relativeDifference: number | null;
}

export type PresetName = 'typical' | 'exploding' | 'balanced';

/**
 * A standard Gaussian draw for every w_j and b_j, in the order w_1, b_1, w_2, b_2, ... (the order
 * in which createNetwork draws a [1, 1, 1, 1, 1] network with the 'large' N(0, 1) initialiser).
 */
export function typicalDraw(seed: number): { w: number[]; b: number[] } {
  const rng = createRng(seed);
  const w: number[] = [];
  const b: number[] = [];
  for (let j = 0; j < DEPTH; j++) {
    w.push(rng.gaussian());
    b.push(rng.gaussian());
  }
  return { w, b };
}

/**
 * Every w_j = weight and every z_j = 0: b_1 = -weight * a_0 and, since each later neuron then
 * receives sigma(0) = 1/2, b_j = -weight / 2. Each factor is weight * sigma'(0) = weight / 4. With
 * weight = 100 or 4 every step is exact in binary floating point (a product and its negation sum
 * to exactly 0, and 1/2, 1/4, 25 and 1 are representable), so the factors are exactly 25 or 1.
 */
export function zeroInputChain(weight: number, a0: number): { w: number[]; b: number[] } {
  const w = Array.from({ length: DEPTH }, () => weight);
  const b = [-(weight * a0), ...Array.from({ length: DEPTH - 1 }, () => -(weight * 0.5))];
  return { w, b };
}

/** The figure's preset buttons: exploding is w = 100 (factors 25), balanced w = 4 (factors 1). */
export function preset(name: PresetName, a0: number, seed: number): { w: number[]; b: number[] } {
  if (name === 'typical') return typicalDraw(seed);
  return zeroInputChain(name === 'exploding' ? 100 : 4, a0);
}

/** Forward pass along the chain: equation (3) four times. */
export function forward(c: Chain): { z: number[]; a: number[] } {
  const z: number[] = [];
  const a: number[] = [];
  let prev = c.a0;
  for (let j = 0; j < DEPTH; j++) {
    z.push(c.w[j] * prev + c.b[j]);
    prev = sigmoid(z[j]);
    a.push(prev);
  }
  return { z, a };
}

export function cost(c: Chain): number {
  const a4 = forward(c).a[DEPTH - 1];
  return 0.5 * (a4 - c.y) * (a4 - c.y);
}

export function analyse(c: Chain): ChainProductResult {
  const { z, a } = forward(c);
  const sigmaPrime = z.map(sigmoidPrime);
  const inward = sigmaPrime.map((s, j) => c.w[j] * s); // w_j sigma'(z_j): the tail's steps
  // The chapter's factors: sigma'(z_j) w_{j+1}, the ratio of dC/db_j to dC/db_{j+1}.
  const factors = sigmaPrime.slice(0, DEPTH - 1).map((s, j) => s * c.w[j + 1]);
  const a4 = a[DEPTH - 1];
  const dCda4 = a4 - c.y;
  // Equation (8) from the output end: tail_j = prod_{k > j} w_k sigma'(z_k) * dC/da_4.
  const grads = new Array<number>(DEPTH);
  let tail = dCda4;
  for (let j = DEPTH - 1; j >= 0; j--) {
    grads[j] = sigmaPrime[j] * tail;
    tail *= inward[j];
  }

  // The step: small enough that the nudge reaching every later z_j stays below 1e-4 (the
  // truncation error is of order that squared), large enough that C changes by well more than its
  // rounding (at most 1e-3). The gains |dz_j/db_1| only set the step; the difference is computed blind.
  let gain = 1;
  let maxGain = 0;
  for (let j = 1; j < DEPTH; j++) {
    gain *= sigmaPrime[j - 1] * Math.abs(c.w[j]); // |dz_{j+1}/db_1|
    maxGain = Math.max(maxGain, gain);
  }
  const h = maxGain > 0 ? Math.min(1e-3, 1e-4 / maxGain) : 1e-3;
  // Divide by the step actually taken: b_1 + h rounds to the nearest double.
  const up = c.b[0] + h;
  const down = c.b[0] - h;
  const at = (b1: number) => cost({ ...c, b: [b1, ...c.b.slice(1)] });
  const fd = (at(up) - at(down)) / (up - down);
  // What rounding alone can do to that difference: each of the two cost evaluations rounds every
  // z_j and a_j (relative error <= eps each), which moves C by about eps * |x| * |dC/dx|; the
  // difference of two such costs divided by 2h. Below this size the difference cannot resolve.
  let sensitivity = 0.5 * dCda4 * dCda4;
  for (let j = 0; j < DEPTH; j++) {
    const dCda = j + 1 < DEPTH ? c.w[j + 1] * grads[j + 1] : dCda4;
    sensitivity += Math.abs(a[j] * dCda) + Math.abs(z[j] * grads[j]);
  }
  const rounding = (2 * Number.EPSILON * sensitivity) / (up - down);
  return {
    ...c,
    w: [...c.w],
    b: [...c.b],
    z,
    a,
    sigmaPrime,
    factors,
    cost: 0.5 * dCda4 * dCda4,
    dCda4,
    grads,
    finiteDifference: { h, value: fd, rounding },
    relativeDifference: grads[0] === 0 ? null : Math.abs(grads[0] - fd) / Math.abs(grads[0]),
  };
}

/** The default chain is seed 13's typical draw: every |w_j| < 1, so every factor is below 1/4. */
export const DEFAULT_SEED = 13;
const start = typicalDraw(DEFAULT_SEED);
// Wide enough for the exploding preset (w = 100, b_1 = -100 a_0, b_j = -50). Labels write the
// index as the figure does (w₂), as a subscript; the names (w2) are what links and the CLI take.
const SUB = '₀₁₂₃₄';
const wParam = (j: number): NumberParam => ({ kind: 'number', default: start.w[j - 1], min: -100, max: 100, step: 0.01, label: `Weight w${SUB[j]}` });
const bParam = (j: number): NumberParam => ({ kind: 'number', default: start.b[j - 1], min: -100, max: 100, step: 0.01, label: `Bias b${SUB[j]}` });

export default defineExperiment({
  name: 'chain-product',
  title: 'The gradient along a chain of four sigmoid neurons',
  description: 'Every z_j, sigma\'(z_j), factor w_j sigma\'(z_j) and dC/db_j (by the chain rule, a product of those factors) for C = (a_4 - y)^2 / 2, with a finite-difference check of dC/db_1. A preset overrides the weights and biases.',
  params: {
    a0: { kind: 'number', default: 0.5, min: -1, max: 1, step: 0.01, label: 'Input a₀' },
    w1: wParam(1), b1: bParam(1),
    w2: wParam(2), b2: bParam(2),
    w3: wParam(3), b3: bParam(3),
    w4: wParam(4), b4: bParam(4),
    y: { kind: 'number', default: 0, min: 0, max: 1, step: 0.01, label: 'Target y' },
    preset: {
      kind: 'choice',
      default: 'none',
      label: 'Preset',
      options: [
        { value: 'none', label: 'none (use w1..w4, b1..b4)' },
        { value: 'typical', label: 'typical N(0, 1) draw (uses seed)' },
        { value: 'exploding', label: 'exploding (w = 100, z = 0)' },
        { value: 'balanced', label: 'balanced (w = 4, z = 0)' },
      ],
    },
    seed: { ...seedParam, default: DEFAULT_SEED },
  },
  data: () => [],
  async run(p): Promise<ChainProductResult> {
    const chosen = p.preset === 'none'
      ? { w: [p.w1, p.w2, p.w3, p.w4], b: [p.b1, p.b2, p.b3, p.b4] }
      : preset(p.preset as PresetName, p.a0, p.seed);
    return analyse({ a0: p.a0, y: p.y, ...chosen });
  },
});
