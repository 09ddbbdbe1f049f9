/**
 * Problem 2: how close does one sigmoid neuron, g(x) = w2 sigma(w1 x + b), come to the identity
 * on [0, 1] once a constant offset is removed? The offset removed is the one that makes the curve
 * pass through (1/2, 1/2), c = g(1/2) - 1/2; for the worked solution (b = -w1/2, w2 = 4/w1) that
 * is 2/w1 - 1/2, and because the error there is odd about x = 1/2 it is also the best (minimax)
 * constant. Not an optimiser: it measures a given neuron, it does not search for one.
 */
import { sigmoid } from '../activations';
import { defineExperiment } from './types';

/** The worked solution's bias and output weight for a given input weight. */
export const workedSolution = (w1: number) => ({ b: -w1 / 2, w2: 4 / w1 });

/**
 * max over [0, 1] of h, where h is smooth: a grid of `n` cells, then golden-section search on the
 * two cells around the best grid point (endpoints count as they are: no search past [0, 1]).
 */
export function maxOnUnit(h: (x: number) => number, n = 4000): { x: number; value: number } {
  let best = 0;
  for (let i = 1; i <= n; i++) if (h(i / n) > h(best / n)) best = i;
  const invPhi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.max(0, (best - 1) / n);
  let hi = Math.min(1, (best + 1) / n);
  let c = hi - invPhi * (hi - lo);
  let d = lo + invPhi * (hi - lo);
  while (hi - lo > 1e-12) {
    if (h(c) > h(d)) hi = d;
    else lo = c;
    c = hi - invPhi * (hi - lo);
    d = lo + invPhi * (hi - lo);
  }
  const candidates = [best / n, (lo + hi) / 2];
  const x = h(candidates[1]) > h(candidates[0]) ? candidates[1] : candidates[0];
  return { x, value: h(x) };
}

export interface IdentityNeuronResult {
  w1: number;
  b: number;
  w2: number;
  /** The constant removed: g(1/2) - 1/2, so the shown curve passes through (1/2, 1/2). */
  offset: number;
  /** Plot samples on [0, 1]: the curve with the offset removed, and its deviation from x. */
  xs: number[];
  curve: number[];
  deviation: number[];
  /** max over [0, 1] of |g(x) - offset - x|, and where it is reached. */
  maxDeviation: number;
  maxDeviationAt: number;
  /** The best constant for the worst deviation, and that deviation (never larger than the above). */
  minimaxOffset: number;
  minimaxDeviation: number;
  /** True when b = -w1/2 and w2 = 4/w1 (to rounding): the worked solution. */
  isWorkedSolution: boolean;
  /** The worked solution's offset 2/w1 - 1/2 and its leading-order worst deviation w1^2/96. */
  workedOffset: number;
  taylorDeviation: number;
}

const POINTS = 201;

export default defineExperiment({
  name: 'identity-neuron',
  title: 'A sigmoid neuron as the identity, up to a constant',
  description: 'w2 sigma(w1 x + b) on [0, 1] with its offset removed (the curve made to pass through (1/2, 1/2)), and its worst deviation from x (Problem 2).',
  params: {
    w1: { kind: 'number', default: 0.5, min: 0.1, max: 5, step: 0.05, label: 'Input weight w₁' },
    b: { kind: 'number', default: -0.25, min: -5, max: 5, step: 0.01, label: 'Bias b' },
    w2: { kind: 'number', default: 8, min: -50, max: 50, step: 0.01, label: 'Output weight w₂' },
  },
  data: () => [],
  async run(p): Promise<IdentityNeuronResult> {
    const g = (x: number) => p.w2 * sigmoid(p.w1 * x + p.b);
    const offset = g(0.5) - 0.5;
    const err = (x: number) => g(x) - offset - x;
    const worst = maxOnUnit((x) => Math.abs(err(x)));
    // The best constant sits halfway between the largest and smallest of g(x) - x.
    const top = maxOnUnit((x) => g(x) - x).value;
    const bottom = -maxOnUnit((x) => x - g(x)).value;
    const xs = Array.from({ length: POINTS }, (_, i) => i / (POINTS - 1));
    const ws = workedSolution(p.w1);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    return {
      w1: p.w1,
      b: p.b,
      w2: p.w2,
      offset,
      xs,
      curve: xs.map((x) => g(x) - offset),
      deviation: xs.map(err),
      maxDeviation: worst.value,
      maxDeviationAt: worst.x,
      minimaxOffset: (top + bottom) / 2,
      minimaxDeviation: (top - bottom) / 2,
      isWorkedSolution: close(p.b, ws.b) && close(p.w2, ws.w2),
      workedOffset: 2 / p.w1 - 0.5,
      taylorDeviation: (p.w1 * p.w1) / 96,
    };
  },
});
