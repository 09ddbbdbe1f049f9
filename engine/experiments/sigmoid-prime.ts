/**
 * Figure 5: the sigmoid and its derivative sigma'(z) = sigma(z)(1 - sigma(z)) on a grid of z,
 * with the derivatives of tanh and ReLU for the exercise, and all of them at one chosen z.
 * Closed form, straight from the activation records; not a plotting routine (no pixels here).
 */
import { activations } from '../activations';
import { defineExperiment } from './types';

export interface SigmoidPrimeResult {
  /** The grid: `points` values of z evenly spaced on [-extent, extent], z = 0 included exactly. */
  z: number[];
  sigma: number[];
  sigmaPrime: number[];
  /** Present only when asked for (the figure's overlays); null otherwise. */
  tanhPrime: number[] | null;
  reluPrime: number[] | null;
  /** Every curve at the chosen z (the marker), overlays included whatever the toggles say. */
  at: { z: number; sigma: number; sigmaPrime: number; tanhPrime: number; reluPrime: number };
  /** sigma' is largest at z = 0, where it is sigma(0)(1 - sigma(0)) = 1/2 * 1/2 = 1/4. */
  peak: { z: number; sigmaPrime: number };
}

const { sigmoid, tanh, relu } = activations;

export default defineExperiment({
  name: 'sigmoid-prime',
  title: 'The sigmoid and its derivative',
  description: 'sigma(z) and sigma\'(z) on a grid (largest value 1/4 at z = 0), optionally tanh\' and ReLU\', and all of them at one z.',
  params: {
    z: { kind: 'number', default: 2, min: -8, max: 8, step: 0.1, label: 'z' },
    tanh: { kind: 'boolean', default: false, label: 'Show tanh′' },
    relu: { kind: 'boolean', default: false, label: 'Show ReLU′' },
    extent: { kind: 'number', default: 8, min: 1, max: 40, step: 1, label: 'Grid half-width' },
    // Odd, so that the middle point is z = 0 exactly and the peak is on the grid.
    points: { kind: 'int', default: 321, min: 3, max: 4001, step: 2, label: 'Grid points' },
  },
  check: (p) => (p.points % 2 === 1 ? [] : [`points: must be odd so that z = 0 is on the grid, got ${p.points}`]),
  data: () => [],
  async run(p): Promise<SigmoidPrimeResult> {
    const half = (p.points - 1) / 2;
    // (i - half) / half * extent: exact at both ends and at the middle (no accumulated steps).
    const z = Array.from({ length: p.points }, (_, i) => ((i - half) / half) * p.extent);
    return {
      z,
      sigma: z.map(sigmoid.fn),
      sigmaPrime: z.map(sigmoid.prime),
      tanhPrime: p.tanh ? z.map(tanh.prime) : null,
      reluPrime: p.relu ? z.map(relu.prime) : null,
      at: { z: p.z, sigma: sigmoid.fn(p.z), sigmaPrime: sigmoid.prime(p.z), tanhPrime: tanh.prime(p.z), reluPrime: relu.prime(p.z) },
      peak: { z: 0, sigmaPrime: sigmoid.prime(0) },
    };
  },
});
