/**
 * Cost functions as named records. The output layer is always sigmoid (as in the book), so each
 * cost gives the output error delta^L directly in terms of a, y and sigma'(z^L).
 * Not covered: softmax outputs and log-likelihood cost (the chapter does not use them).
 */
import { log } from './libm';

export type CostName = 'cross-entropy' | 'quadratic';

export interface Cost {
  name: CostName;
  /** Cost of one output value a against its target y (the per-example cost sums these). */
  fn(a: number, y: number): number;
  /** delta^L_j = dC/dz^L_j for a sigmoid output neuron; sp = sigma'(z^L_j). */
  delta(a: number, y: number, sp: number): number;
}

/**
 * ln with ln(0) capped at ln(MIN_VALUE) = -744.4: a saturated output rounds to exactly 0 or 1,
 * and one such neuron would make a mean cost infinite (the book's code caps it with nan_to_num).
 */
const LN_MIN = log(Number.MIN_VALUE);
const safeLog = (x: number): number => (x > 0 ? log(x) : LN_MIN);

export const costs: Record<CostName, Cost> = {
  // C = -[y ln a + (1 - y) ln(1 - a)]; with a sigmoid output, delta^L = a - y (sigma' cancels).
  'cross-entropy': {
    name: 'cross-entropy',
    fn: (a, y) => {
      // y ln a with y = 0 must be 0 even when a = 0 (0 * -Infinity is NaN).
      const t1 = y === 0 ? 0 : y * safeLog(a);
      const t0 = y === 1 ? 0 : (1 - y) * safeLog(1 - a);
      return -(t1 + t0);
    },
    delta: (a, y) => a - y,
  },
  // C = (a - y)^2 / 2; delta^L = (a - y) sigma'(z^L).
  quadratic: {
    name: 'quadratic',
    fn: (a, y) => 0.5 * (a - y) * (a - y),
    delta: (a, y, sp) => (a - y) * sp,
  },
};

export function costByName(name: string): Cost {
  const c = (costs as Record<string, Cost>)[name];
  if (!c) throw new Error(`unknown cost "${name}" (expected one of: ${Object.keys(costs).join(', ')})`);
  return c;
}
