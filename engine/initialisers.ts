/**
 * Weight and bias initialisers as named records: each gives the standard deviation of the
 * Gaussian that a layer's weights and biases are drawn from. Only zero-mean Gaussians: that is
 * all the chapter and its figures need.
 */

export type InitName = 'default' | 'large' | 'xavier' | 'he';

export interface Initialiser {
  name: InitName;
  label: string;
  /** Standard deviation of each weight of a layer with nIn inputs and nOut neurons. */
  weightSd(nIn: number, nOut: number): number;
  /** Standard deviation of each bias (0 means biases start at exactly 0). */
  biasSd: number;
}

export const initialisers: Record<InitName, Initialiser> = {
  // Nielsen's network2.py default: N(0, 1/n_in) weights, N(0, 1) biases.
  default: { name: 'default', label: 'N(0, 1/n_in) (book default)', weightSd: (nIn) => 1 / Math.sqrt(nIn), biasSd: 1 },
  // network2.py's large_weight_initializer: N(0, 1) for both.
  large: { name: 'large', label: 'N(0, 1) (large)', weightSd: () => 1, biasSd: 1 },
  // Glorot & Bengio (2010), normal form: Var w = 2 / (n_in + n_out); biases 0.
  xavier: { name: 'xavier', label: 'Glorot/Xavier', weightSd: (nIn, nOut) => Math.sqrt(2 / (nIn + nOut)), biasSd: 0 },
  // He et al. (2015), for ReLU: Var w = 2 / n_in; biases 0.
  he: { name: 'he', label: 'He', weightSd: (nIn) => Math.sqrt(2 / nIn), biasSd: 0 },
};

export function initialiserByName(name: string): Initialiser {
  const i = (initialisers as Record<string, Initialiser>)[name];
  if (!i) throw new Error(`unknown initialiser "${name}" (expected one of: ${Object.keys(initialisers).join(', ')})`);
  return i;
}
