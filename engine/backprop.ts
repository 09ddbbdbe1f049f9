/**
 * Forward pass and backpropagation for a whole mini-batch at once, in matrix form:
 *   z^l = a^{l-1} W^T + b,  a^l = f(z^l)                       (rows are examples)
 *   delta^L = dC/dz^L,  delta^l = (delta^{l+1} W^{l+1}) * f'(z^l)   (BP1, BP2)
 *   dC/db^l = sum_i delta^l_i,  dC/dW^l = (delta^l)^T a^{l-1}      (BP3, BP4)
 * Not a general autodiff: dense layers, sigmoid output, the costs in costs.ts.
 */
import { activationByName } from './activations';
import type { Batch } from './batch';
import { batchFromArrays } from './batch';
import type { CostName } from './costs';
import { costByName } from './costs';
import type { Network } from './network';
import { zerosLike } from './network';
import { sigmoid } from './activations';

export interface Grads {
  weights: Float64Array[];
  biases: Float64Array[];
}

/** Scratch matrices for one batch size, reused across batches so training allocates nothing. */
export interface Workspace {
  capacity: number;
  /** z[l], a[l + 1], delta[l]: m x sizes[l + 1] each (a[0] is the batch's x). */
  z: Float64Array[];
  a: Float64Array[];
  delta: Float64Array[];
}

export function createWorkspace(net: Network, capacity: number): Workspace {
  const layers = net.sizes.slice(1);
  return {
    capacity,
    z: layers.map((n) => new Float64Array(capacity * n)),
    a: [new Float64Array(0), ...layers.map((n) => new Float64Array(capacity * n))],
    delta: layers.map((n) => new Float64Array(capacity * n)),
  };
}

/*
 * Dot products with four running sums: one sum is a chain of dependent additions that the CPU
 * cannot overlap, and four independent chains ran 2.5x faster on our 2-core build machine.
 * (Summing in a different order changes the last bits, identically in Node and the browser.)
 */
function dot(w: Float64Array, wOff: number, a: Float64Array, aOff: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += w[wOff + k] * a[aOff + k];
    s1 += w[wOff + k + 1] * a[aOff + k + 1];
    s2 += w[wOff + k + 2] * a[aOff + k + 2];
    s3 += w[wOff + k + 3] * a[aOff + k + 3];
  }
  for (; k < n; k++) s0 += w[wOff + k] * a[aOff + k];
  return s0 + s1 + s2 + s3;
}

/**
 * z = x W^T + b for the first layer, visiting only each row's non-zero inputs (about 150 of
 * MNIST's 784 pixels). Four neurons at a time share each pixel's index and value loads and give
 * four independent sums. This and weightGradientSparse are the hot loops of training.
 */
function firstLayerForward(w: Float64Array, b: Float64Array, batch: Batch, nOut: number, z: Float64Array): void {
  const { m, nIn, nz, nzVal, nzCount } = batch;
  for (let i = 0; i < m; i++) {
    const xi = i * nIn;
    const end = xi + nzCount[i];
    const zi = i * nOut;
    let j = 0;
    for (; j + 3 < nOut; j += 4) {
      const w0 = j * nIn, w1 = w0 + nIn, w2 = w1 + nIn, w3 = w2 + nIn;
      let s0 = b[j], s1 = b[j + 1], s2 = b[j + 2], s3 = b[j + 3];
      for (let t = xi; t < end; t++) {
        const k = nz[t];
        const xk = nzVal[t];
        s0 += w[w0 + k] * xk;
        s1 += w[w1 + k] * xk;
        s2 += w[w2 + k] * xk;
        s3 += w[w3 + k] * xk;
      }
      z[zi + j] = s0;
      z[zi + j + 1] = s1;
      z[zi + j + 2] = s2;
      z[zi + j + 3] = s3;
    }
    for (; j < nOut; j++) {
      const wj = j * nIn;
      let s = b[j];
      for (let t = xi; t < end; t++) s += w[wj + nz[t]] * nzVal[t];
      z[zi + j] = s;
    }
  }
}

/** z = a W^T + b for a dense input a (m x nIn): each entry a dot product of two contiguous rows. */
function denseForward(w: Float64Array, b: Float64Array, a: Float64Array, m: number, nIn: number, nOut: number, z: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < nOut; j++) z[i * nOut + j] = b[j] + dot(w, j * nIn, a, i * nIn, nIn);
  }
}

/** Runs the batch forward, filling ws.z and ws.a; returns the output activations (m x nOut). */
export function forwardBatch(net: Network, batch: Batch, ws: Workspace): Float64Array {
  const { sizes, weights, biases } = net;
  const L = sizes.length - 1;
  const hidden = activationByName(net.activation).fn;
  const m = batch.m;
  if (m > ws.capacity) throw new Error(`batch of ${m} exceeds workspace capacity ${ws.capacity}`);
  if (batch.nIn !== sizes[0]) throw new Error(`inputs have ${batch.nIn} values, network expects ${sizes[0]}`);
  for (let l = 0; l < L; l++) {
    const nOut = sizes[l + 1];
    const z = ws.z[l];
    if (l === 0) firstLayerForward(weights[0], biases[0], batch, nOut, z);
    else denseForward(weights[l], biases[l], ws.a[l], m, sizes[l], nOut, z);
    const f = l === L - 1 ? sigmoid : hidden;
    const a = ws.a[l + 1];
    const len = m * nOut;
    for (let t = 0; t < len; t++) a[t] = f(z[t]);
  }
  return ws.a[L];
}

/**
 * Adds the SUM over the batch of dC/dW and dC/db into grads (callers divide by the number of
 * examples). Assumes forwardBatch has just run on the same batch and workspace.
 */
export function backwardBatch(net: Network, batch: Batch, ws: Workspace, costName: CostName, grads: Grads): void {
  const { sizes, weights } = net;
  const L = sizes.length - 1;
  const cost = costByName(costName);
  const hiddenPrime = activationByName(net.activation).primeAt;
  const m = batch.m;

  // BP1: output error. y is the one-hot vector of the label.
  {
    const nOut = sizes[L];
    const a = ws.a[L];
    const d = ws.delta[L - 1];
    for (let i = 0; i < m; i++) {
      const label = batch.labels[i];
      for (let j = 0; j < nOut; j++) {
        const t = i * nOut + j;
        const aj = a[t];
        d[t] = cost.delta(aj, j === label ? 1 : 0, aj * (1 - aj));
      }
    }
  }

  for (let l = L - 1; l >= 0; l--) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const d = ws.delta[l];
    biasGradient(d, m, nOut, grads.biases[l]); // BP3
    if (l === 0) {
      weightGradientSparse(d, batch, nOut, grads.weights[0]); // BP4 on the pixels
    } else {
      weightGradient(d, ws.a[l], m, nIn, nOut, grads.weights[l]); // BP4
      propagateError(d, weights[l], ws.z[l - 1], ws.a[l], m, nIn, nOut, hiddenPrime, ws.delta[l - 1]); // BP2
    }
  }
}

/** BP3: dC/db_j += sum_i delta_ij. */
function biasGradient(d: Float64Array, m: number, nOut: number, gB: Float64Array): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < nOut; j++) gB[j] += d[i * nOut + j];
}

/**
 * BP4: dC/dw_jk += sum_i delta_ij a_ik. Two examples per pass over the gradient halve its loads
 * and stores, which bound this loop.
 */
function weightGradient(d: Float64Array, a: Float64Array, m: number, nIn: number, nOut: number, gW: Float64Array): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * nIn, a1 = a0 + nIn;
    for (let j = 0; j < nOut; j++) {
      const d0 = d[i * nOut + j], d1 = d[(i + 1) * nOut + j];
      const wj = j * nIn;
      for (let k = 0; k < nIn; k++) gW[wj + k] += d0 * a[a0 + k] + d1 * a[a1 + k];
    }
  }
  for (; i < m; i++) {
    const ai = i * nIn;
    for (let j = 0; j < nOut; j++) {
      const dij = d[i * nOut + j];
      const wj = j * nIn;
      for (let k = 0; k < nIn; k++) gW[wj + k] += dij * a[ai + k];
    }
  }
}

/** BP4 for the first layer, visiting only each example's non-zero pixels, four neurons at a time. */
function weightGradientSparse(d: Float64Array, batch: Batch, nOut: number, gW: Float64Array): void {
  const { m, nIn, nz, nzVal, nzCount } = batch;
  for (let i = 0; i < m; i++) {
    const xi = i * nIn;
    const end = xi + nzCount[i];
    const di = i * nOut;
    let j = 0;
    for (; j + 3 < nOut; j += 4) {
      const w0 = j * nIn, w1 = w0 + nIn, w2 = w1 + nIn, w3 = w2 + nIn;
      const d0 = d[di + j], d1 = d[di + j + 1], d2 = d[di + j + 2], d3 = d[di + j + 3];
      for (let t = xi; t < end; t++) {
        const k = nz[t];
        const xk = nzVal[t];
        gW[w0 + k] += d0 * xk;
        gW[w1 + k] += d1 * xk;
        gW[w2 + k] += d2 * xk;
        gW[w3 + k] += d3 * xk;
      }
    }
    for (; j < nOut; j++) {
      const wj = j * nIn;
      const dij = d[di + j];
      for (let t = xi; t < end; t++) gW[wj + nz[t]] += dij * nzVal[t];
    }
  }
}

/**
 * BP2: delta^{l-1}_i = (delta^l_i W^l) * f'(z^{l-1}_i), row by row; two neurons of layer l per
 * pass over the row for the same reason as in weightGradient.
 */
function propagateError(
  d: Float64Array, w: Float64Array, zPrev: Float64Array, aPrev: Float64Array,
  m: number, nIn: number, nOut: number, prime: (z: number, a: number) => number, dPrev: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const row = i * nIn;
    const di = i * nOut;
    for (let k = 0; k < nIn; k++) dPrev[row + k] = 0;
    let j = 0;
    for (; j + 1 < nOut; j += 2) {
      const d0 = d[di + j], d1 = d[di + j + 1];
      const w0 = j * nIn, w1 = w0 + nIn;
      for (let k = 0; k < nIn; k++) dPrev[row + k] += w[w0 + k] * d0 + w[w1 + k] * d1;
    }
    for (; j < nOut; j++) {
      const dij = d[di + j];
      const wj = j * nIn;
      for (let k = 0; k < nIn; k++) dPrev[row + k] += w[wj + k] * dij;
    }
    for (let k = 0; k < nIn; k++) dPrev[row + k] *= prime(zPrev[row + k], aPrev[row + k]);
  }
}

export function zeroGrads(grads: Grads): void {
  for (const g of grads.weights) g.fill(0);
  for (const g of grads.biases) g.fill(0);
}

export function scaleGrads(grads: Grads, s: number): void {
  for (const g of grads.weights) for (let i = 0; i < g.length; i++) g[i] *= s;
  for (const g of grads.biases) for (let i = 0; i < g.length; i++) g[i] *= s;
}

export interface GradientOptions {
  cost?: CostName;
}

/**
 * The gradient of the MEAN cost over the given examples (no regularisation term), in the same
 * shapes as net.weights and net.biases.
 */
export function gradients(
  net: Network,
  inputs: ArrayLike<number>[],
  labels: ArrayLike<number>,
  { cost = 'cross-entropy' }: GradientOptions = {},
): Grads {
  const batch = batchFromArrays(inputs, labels);
  for (let i = 0; i < batch.m; i++) {
    const y = batch.labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= net.sizes[net.sizes.length - 1]) {
      throw new Error(`label ${i} is ${y}, expected a class index below ${net.sizes[net.sizes.length - 1]}`);
    }
  }
  const ws = createWorkspace(net, batch.m);
  const grads = zerosLike(net);
  forwardBatch(net, batch, ws);
  backwardBatch(net, batch, ws, cost, grads);
  scaleGrads(grads, 1 / batch.m);
  return grads;
}

/** The network's output for one input vector. */
export function feedforward(net: Network, input: ArrayLike<number>): Float64Array {
  const batch = batchFromArrays([input], [0]);
  const ws = createWorkspace(net, 1);
  return forwardBatch(net, batch, ws).slice();
}
