/**
 * Activation functions as named records { name, label, fn, prime, primeAt }, keyed by the names
 * that cross the worker boundary and appear in URLs (label is for menus). Only scalar functions:
 * the vectorised loops live in backprop.ts.
 * exp and tanh come from libm.ts so results are bit-identical in Node and every browser.
 */
import { exp, tanh } from './libm';

export interface Activation {
  name: ActivationName;
  label: string;
  fn(z: number): number;
  /** Derivative with respect to z. */
  prime(z: number): number;
  /** The same derivative when a = fn(z) is already known (saves an exp in backprop). */
  primeAt(z: number, a: number): number;
}

export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu';

/**
 * The leaky ReLU's slope for z < 0 (Maas, Hannun and Ng 2013 used 0.01; so do PyTorch's and
 * TensorFlow's defaults), so results compare with theirs.
 */
export const LEAKY_SLOPE = 0.01;

export const sigmoid = (z: number): number => 1 / (1 + exp(-z));

/** sigma'(z) = sigma(z) (1 - sigma(z)); its maximum is sigma'(0) = 1/4. */
export const sigmoidPrime = (z: number): number => {
  const s = sigmoid(z);
  return s * (1 - s);
};

export const activations: Record<ActivationName, Activation> = {
  sigmoid: { name: 'sigmoid', label: 'sigmoid', fn: sigmoid, prime: sigmoidPrime, primeAt: (_z, a) => a * (1 - a) },
  tanh: {
    name: 'tanh',
    label: 'tanh',
    fn: tanh,
    prime: (z) => {
      const t = tanh(z);
      return 1 - t * t;
    },
    primeAt: (_z, a) => 1 - a * a,
  },
  relu: {
    name: 'relu',
    label: 'ReLU',
    fn: (z) => (z > 0 ? z : 0),
    // The kink at 0 gets derivative 0, the usual convention.
    prime: (z) => (z > 0 ? 1 : 0),
    primeAt: (z) => (z > 0 ? 1 : 0),
  },
  'leaky-relu': {
    name: 'leaky-relu',
    label: 'leaky ReLU',
    fn: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
    prime: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
    primeAt: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
  },
};

export function activationByName(name: string): Activation {
  const a = (activations as Record<string, Activation>)[name];
  if (!a) throw new Error(`unknown activation "${name}" (expected one of: ${Object.keys(activations).join(', ')})`);
  return a;
}
