/**
 * Weight and bias initialisers as named records. Most draw each weight from a zero-mean Gaussian
 * whose standard deviation depends on the layer's fan-in and fan-out; the orthogonal one draws a
 * Gaussian matrix and orthonormalises it (Saxe, McClelland and Ganguli 2014).
 */
import type { Rng } from './rng';

export type InitName = 'default' | 'large' | 'xavier' | 'he' | 'orthogonal';

export interface Initialiser {
  name: InitName;
  label: string;
  /** Standard deviation of each weight of a layer with nIn inputs and nOut neurons (before orthogonalising). */
  weightSd(nIn: number, nOut: number): number;
  /** Standard deviation of each bias (0 means biases start at exactly 0). */
  biasSd: number;
  /** Whether the drawn matrix is replaced by the nearest (semi-)orthogonal one times the gain. */
  orthogonal?: boolean;
}

// Labels are what readers see in a figure's menu and status line, so subscripts are written as
// the figures write them (nᵢₙ); the names are what links, props and the worker take.
export const initialisers: Record<InitName, Initialiser> = {
  // Nielsen's network2.py default: N(0, 1/n_in) weights, N(0, 1) biases.
  default: { name: 'default', label: 'N(0, 1/nᵢₙ) (book default)', weightSd: (nIn) => 1 / Math.sqrt(nIn), biasSd: 1 },
  // network2.py's large_weight_initializer: N(0, 1) for both.
  large: { name: 'large', label: 'N(0, 1) (large)', weightSd: () => 1, biasSd: 1 },
  // Glorot & Bengio (2010), normal form: Var w = 2 / (n_in + n_out); biases 0.
  xavier: { name: 'xavier', label: 'Glorot/Xavier', weightSd: (nIn, nOut) => Math.sqrt(2 / (nIn + nOut)), biasSd: 0 },
  // He et al. (2015), for ReLU: Var w = 2 / n_in; biases 0.
  he: { name: 'he', label: 'He', weightSd: (nIn) => Math.sqrt(2 / nIn), biasSd: 0 },
  // Saxe et al. (2014): orthonormal rows (or columns, for a layer wider than its input) times a
  // gain; biases 0. The same construction as PyTorch's nn.init.orthogonal_ (QR of a Gaussian
  // matrix with R's diagonal made positive), done here by Gram-Schmidt, which gives that Q.
  orthogonal: { name: 'orthogonal', label: 'orthogonal', weightSd: () => 1, biasSd: 0, orthogonal: true },
};

export function initialiserByName(name: string): Initialiser {
  const i = (initialisers as Record<string, Initialiser>)[name];
  if (!i) throw new Error(`unknown initialiser "${name}" (expected one of: ${Object.keys(initialisers).join(', ')})`);
  return i;
}

/**
 * Draws the nOut x nIn weights of one layer (row j: the weights into neuron j), all from `rng`
 * in row-major order, so the draw order is the same for every initialiser.
 */
export function drawWeights(init: Initialiser, rng: Rng, nIn: number, nOut: number, gain = 1): Float64Array {
  const sd = init.weightSd(nIn, nOut);
  const w = new Float64Array(nOut * nIn);
  for (let i = 0; i < w.length; i++) w[i] = rng.gaussian(0, sd);
  if (init.orthogonal) orthonormalise(w, nOut, nIn, gain);
  return w;
}

/**
 * Makes the rows of the rows x cols matrix w orthonormal when rows <= cols (W W^T = I), else its
 * columns (W^T W = I), by modified Gram-Schmidt in index order, then multiplies by `gain`. So
 * every singular value of the result equals the gain: a signal of the right shape passes through
 * with its length multiplied by exactly that.
 */
export function orthonormalise(w: Float64Array, rows: number, cols: number, gain = 1): void {
  const byRows = rows <= cols;
  const count = byRows ? rows : cols; // vectors to orthonormalise
  const len = byRows ? cols : rows; // their length
  const at = (v: number, i: number) => (byRows ? v * cols + i : i * cols + v);
  for (let v = 0; v < count; v++) {
    for (let u = 0; u < v; u++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += w[at(u, i)] * w[at(v, i)];
      for (let i = 0; i < len; i++) w[at(v, i)] -= dot * w[at(u, i)];
    }
    let sq = 0;
    for (let i = 0; i < len; i++) sq += w[at(v, i)] * w[at(v, i)];
    const norm = Math.sqrt(sq);
    if (!(norm > 1e-12)) throw new Error('orthogonal initialisation drew a degenerate matrix (try another seed)');
    for (let i = 0; i < len; i++) w[at(v, i)] /= norm;
  }
  if (gain !== 1) for (let i = 0; i < w.length; i++) w[i] *= gain;
}
