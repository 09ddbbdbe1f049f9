/**
 * Forward pass and backpropagation for a whole mini-batch at once, in matrix form, with the
 * chapter's layer numbers (input = layer 0, output = layer L):
 *   z^l = a^{l-1} (W^l)^T + b^l,  a^l = f(z^l)                      (rows are examples)
 *   delta^L = dC/dz^L,  delta^l = (delta^{l+1} W^{l+1}) * f'(z^l)   (BP1, BP2)
 *   dC/db^l = sum_i delta^l_i,  dC/dW^l = (delta^l)^T a^{l-1}      (BP3, BP4)
 * and the same with the remedies of the second chapter switched on (network.ts):
 *   normalised layers   u = a^{l-1} (W^l)^T, z = gamma * (u - mean) / sqrt(var + eps) + beta;
 *   identity skips      a^l = a^{l-1} + f(z^l), so dC/da^{l-1} gains dC/da^l unchanged.
 * Backward, each layer turns dC/da^l into delta^l = dC/da^l * f'(z^l), then (through the
 * normalisation, if any) into dC/du^l, whose products with a^{l-1} and W^l give BP4 and the
 * previous layer's dC/da. For the book's networks that is BP1-BP4 exactly, in the same order of
 * operations as before the remedies existed (the kernels are held to it bit for bit).
 * BP1-BP4 are the book's names (its chapter 2); our chapters cite equation ids instead. BP1 and
 * BP2 are unstable-gradients #eq-backprop-step (#eq-delta-product unrolls BP2, what-fixed-it
 * #eq-step restates it); BP3, dC/db^l_j = delta^l_j, is in the prose just above #eq-backprop-step;
 * BP4 has no numbered equation (the footnote after #eq-speed gives it for one example). The
 * remedies are what-fixed-it #eq-batchnorm, #eq-batchnorm-backward, #eq-residual and
 * #eq-residual-backward.
 * The chapter writes one example as a column, delta^l = Sigma'(z^l) (w^{l+1})^T delta^{l+1}; here
 * a batch is m rows, so the same step is (delta^{l+1} W^{l+1}) * f'(z^l): * multiplies element
 * by element, and W is stored as the chapter's w, row j holding the weights into neuron j.
 * Array index l <-> chapter layer l+1: weights[l] is the chapter's w^{l+1}; biases[l], z[l] and
 * delta[l] are layer l+1's too, but ws.a[l] is a^l (see Workspace).
 * Not a general autodiff: dense layers, sigmoid output, the costs in costs.ts.
 */
import { activationByName } from './activations';
import type { Batch } from './batch';
import { batchFromArrays } from './batch';
import type { CostName } from './costs';
import { costByName } from './costs';
import type { Network } from './network';
import { hasSkip, isNormalised, NORM_EPSILON, RUNNING_MOMENTUM, zerosLike } from './network';
import { sigmoid } from './activations';

export interface Grads {
  weights: Float64Array[];
  biases: Float64Array[];
  /** dC/dgamma of each normalised hidden layer (present when the network has gains). */
  gains?: Float64Array[];
}

/**
 * 'train' normalises with the mini-batch's own statistics (and is what gradients are taken of);
 * 'eval' uses batch norm's running averages, so an example's output does not depend on the
 * others in its batch. Layer norm and plain networks compute the same in both.
 */
export type Mode = 'train' | 'eval';

/** Scratch matrices for one batch size, reused across batches so training allocates nothing. */
export interface Workspace {
  capacity: number;
  /**
   * z[l], a[l + 1], delta[l]: m x sizes[l + 1] each, the chapter's z^{l+1}, a^{l+1}, delta^{l+1}.
   * a[0] is empty: the first layer reads x from the sparse batch instead.
   */
  z: Float64Array[];
  a: Float64Array[];
  delta: Float64Array[];
  /** Normalised layers only (else empty): u = W a before normalising, and x-hat. */
  u: Float64Array[];
  xhat: Float64Array[];
  /** Per normalised layer: the batch's mean and (biased) variance per neuron (batch norm) and 1/sqrt(var + eps) per neuron (batch) or per example (layer). */
  mean: Float64Array[];
  variance: Float64Array[];
  invStd: Float64Array[];
  /** Zero biases for computing u = W a with the forward loops that add a bias. */
  noBias: Float64Array[];
  /** Skip layers only (else empty): h = f(z), since a = a_prev + h, and dC/da of the layer. */
  h: Float64Array[];
  ga: Float64Array[];
}

export function createWorkspace(net: Network, capacity: number): Workspace {
  const layers = net.sizes.slice(1);
  const empty = new Float64Array(0);
  const normed = (l: number) => isNormalised(net, l);
  const skip = (l: number) => hasSkip(net, l);
  return {
    capacity,
    z: layers.map((n) => new Float64Array(capacity * n)),
    a: [empty, ...layers.map((n) => new Float64Array(capacity * n))],
    delta: layers.map((n) => new Float64Array(capacity * n)),
    u: layers.map((n, l) => (normed(l) ? new Float64Array(capacity * n) : empty)),
    xhat: layers.map((n, l) => (normed(l) ? new Float64Array(capacity * n) : empty)),
    mean: layers.map((n, l) => (normed(l) ? new Float64Array(n) : empty)),
    variance: layers.map((n, l) => (normed(l) ? new Float64Array(n) : empty)),
    invStd: layers.map((n, l) => (normed(l) ? new Float64Array(Math.max(n, capacity)) : empty)),
    noBias: layers.map((n, l) => (normed(l) ? new Float64Array(n) : empty)),
    h: layers.map((n, l) => (skip(l) ? new Float64Array(capacity * n) : empty)),
    ga: layers.map((n, l) => (skip(l) ? new Float64Array(capacity * n) : empty)),
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

/** Runs the batch forward, filling the workspace; returns the output activations (m x nOut). */
export function forwardBatch(net: Network, batch: Batch, ws: Workspace, mode: Mode = 'train'): Float64Array {
  const { sizes, weights, biases } = net;
  const L = sizes.length - 1;
  const hidden = activationByName(net.activation).fn;
  const m = batch.m;
  if (m > ws.capacity) throw new Error(`batch of ${m} exceeds workspace capacity ${ws.capacity}`);
  if (batch.nIn !== sizes[0]) throw new Error(`inputs have ${batch.nIn} values, network expects ${sizes[0]}`);
  for (let l = 0; l < L; l++) {
    const nOut = sizes[l + 1];
    const normed = isNormalised(net, l);
    // z^{l+1} = a^l W^T + b with W = weights[l] (W^{l+1}), or u^{l+1} = a^l W^T for a layer that
    // normalises u into z.
    const pre = normed ? ws.u[l] : ws.z[l];
    const bias = normed ? ws.noBias[l] : biases[l];
    if (l === 0) firstLayerForward(weights[0], bias, batch, nOut, pre);
    else denseForward(weights[l], bias, ws.a[l], m, sizes[l], nOut, pre);
    if (normed) normalise(net, l, ws, m, mode);
    const f = l === L - 1 ? sigmoid : hidden;
    const z = ws.z[l];
    const len = m * nOut;
    if (hasSkip(net, l)) {
      // a^{l+1} = a^l + f(z^{l+1}): the layer adds what it computes to what it was given.
      const h = ws.h[l], a = ws.a[l + 1], prev = ws.a[l];
      for (let t = 0; t < len; t++) {
        h[t] = f(z[t]);
        a[t] = prev[t] + h[t];
      }
    } else {
      const a = ws.a[l + 1];
      for (let t = 0; t < len; t++) a[t] = f(z[t]);
    }
  }
  return ws.a[L];
}

/**
 * z = gamma * x-hat + beta with x-hat = (u - mean) / sqrt(var + eps): for batch norm, mean and var
 * of each neuron over the batch's m examples (or the running averages in 'eval' mode); for layer
 * norm, of each example over the layer's neurons. Variances divide by the count (biased), as in
 * both papers.
 */
function normalise(net: Network, l: number, ws: Workspace, m: number, mode: Mode): void {
  const n = net.sizes[l + 1];
  const u = ws.u[l], xhat = ws.xhat[l], z = ws.z[l], invStd = ws.invStd[l];
  const gamma = net.gains![l], beta = net.biases[l];
  if (net.norm === 'batch') {
    const mean = ws.mean[l], variance = ws.variance[l];
    if (mode === 'eval') {
      mean.set(net.running!.mean[l]);
      // The running variance is the unbiased estimate (as PyTorch keeps it); used as it is.
      variance.set(net.running!.variance[l]);
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += u[i * n + j];
        const mu = s / m;
        let v = 0;
        for (let i = 0; i < m; i++) {
          const c = u[i * n + j] - mu;
          v += c * c;
        }
        mean[j] = mu;
        variance[j] = v / m;
      }
    }
    for (let j = 0; j < n; j++) invStd[j] = 1 / Math.sqrt(variance[j] + NORM_EPSILON);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const t = i * n + j;
        xhat[t] = (u[t] - mean[j]) * invStd[j];
        z[t] = gamma[j] * xhat[t] + beta[j];
      }
    }
    return;
  }
  // Layer norm: each example's own statistics, the same in training and evaluation.
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += u[row + j];
    const mu = s / n;
    let v = 0;
    for (let j = 0; j < n; j++) {
      const c = u[row + j] - mu;
      v += c * c;
    }
    const is = 1 / Math.sqrt(v / n + NORM_EPSILON);
    invStd[i] = is;
    for (let j = 0; j < n; j++) {
      xhat[row + j] = (u[row + j] - mu) * is;
      z[row + j] = gamma[j] * xhat[row + j] + beta[j];
    }
  }
}

/**
 * After a training forward pass: moves batch norm's running averages towards this batch's
 * statistics, mean <- (1 - 0.1) mean + 0.1 batch mean and the same for the variance, taken
 * unbiased (times m / (m - 1)) as PyTorch does. A batch of one example has no variance to
 * contribute and leaves them alone.
 */
export function updateRunningStatistics(net: Network, ws: Workspace, m: number): void {
  if (net.norm !== 'batch' || m < 2) return;
  for (let l = 0; l < net.sizes.length - 2; l++) {
    const mean = net.running!.mean[l], variance = net.running!.variance[l];
    for (let j = 0; j < mean.length; j++) {
      mean[j] = (1 - RUNNING_MOMENTUM) * mean[j] + RUNNING_MOMENTUM * ws.mean[l][j];
      variance[j] = (1 - RUNNING_MOMENTUM) * variance[j] + RUNNING_MOMENTUM * ws.variance[l][j] * (m / (m - 1));
    }
  }
}

/**
 * Adds the SUM over the batch of dC/dW, dC/db (and dC/dgamma) into grads (callers divide by the
 * number of examples). Assumes forwardBatch has just run, in 'train' mode, on the same batch and
 * workspace.
 */
export function backwardBatch(net: Network, batch: Batch, ws: Workspace, costName: CostName, grads: Grads): void {
  const { sizes, weights } = net;
  const L = sizes.length - 1;
  const cost = costByName(costName);
  const hiddenPrime = activationByName(net.activation).primeAt;
  const m = batch.m;

  // BP1: output error delta^L (in delta[L - 1]). y is the one-hot vector of the label.
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
    const skip = hasSkip(net, l);
    if (l < L - 1) {
      // BP2's second half: delta^{l+1} = dC/da^{l+1} * f'(z^{l+1}). dC/da^{l+1} is in delta itself,
      // or in ga for a skip layer (which must keep it: the skip passes it on unchanged).
      const ga = skip ? ws.ga[l] : d;
      const h = skip ? ws.h[l] : ws.a[l + 1];
      const z = ws.z[l];
      const len = m * nOut;
      for (let t = 0; t < len; t++) d[t] = ga[t] * hiddenPrime(z[t], h[t]);
    }
    // The error at u^{l+1}: delta itself, or delta carried back through the normalisation.
    let du = d;
    if (isNormalised(net, l)) {
      biasGradient(d, m, nOut, grads.biases[l]); // dC/dbeta
      gainGradient(d, ws.xhat[l], m, nOut, grads.gains![l]); // dC/dgamma
      du = ws.u[l]; // u is not needed any more: its storage takes dC/du
      normaliseBackward(net, l, ws, m, d, du);
    } else {
      biasGradient(d, m, nOut, grads.biases[l]); // BP3
    }
    if (l === 0) {
      weightGradientSparse(du, batch, nOut, grads.weights[0]); // BP4 on the pixels
    } else {
      weightGradient(du, ws.a[l], m, nIn, nOut, grads.weights[l]); // BP4
      // BP2's first half: dC/da^l = du W^{l+1}, plus (over a skip) dC/da^{l+1} itself.
      const target = hasSkip(net, l - 1) ? ws.ga[l - 1] : ws.delta[l - 1];
      errorToPrevious(du, weights[l], m, nIn, nOut, target);
      if (skip) {
        const ga = ws.ga[l];
        const len = m * nIn;
        for (let t = 0; t < len; t++) target[t] += ga[t];
      }
    }
  }
}

/**
 * The normalisation's backward pass. With g = delta * gamma (the error at x-hat), for the n values
 * normalised together (a neuron over the batch, or an example over the layer), whose x-hat have
 * mean 0 and mean square var / (var + eps):
 *   dC/du_k = invStd / n * (n g_k - sum_i g_i - x-hat_k sum_i g_i x-hat_i),
 * which for batch norm (n = m) is what-fixed-it #eq-batchnorm-backward.
 * tests/engine/remedies.test.ts checks it against the chain rule written out term by term.
 */
export function normaliseBackward(net: Network, l: number, ws: Workspace, m: number, d: Float64Array, du: Float64Array): void {
  const n = net.sizes[l + 1];
  const xhat = ws.xhat[l], invStd = ws.invStd[l], gamma = net.gains![l];
  if (net.norm === 'batch') {
    for (let j = 0; j < n; j++) {
      let s1 = 0, s2 = 0;
      for (let i = 0; i < m; i++) {
        const g = d[i * n + j] * gamma[j];
        s1 += g;
        s2 += g * xhat[i * n + j];
      }
      const k = invStd[j] / m;
      for (let i = 0; i < m; i++) {
        const t = i * n + j;
        du[t] = k * (m * (d[t] * gamma[j]) - s1 - xhat[t] * s2);
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let s1 = 0, s2 = 0;
    for (let j = 0; j < n; j++) {
      const g = d[row + j] * gamma[j];
      s1 += g;
      s2 += g * xhat[row + j];
    }
    const k = invStd[i] / n;
    for (let j = 0; j < n; j++) du[row + j] = k * (n * (d[row + j] * gamma[j]) - s1 - xhat[row + j] * s2);
  }
}

/** dC/dgamma_j += sum_i delta_ij x-hat_ij. */
function gainGradient(d: Float64Array, xhat: Float64Array, m: number, n: number, gG: Float64Array): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) gG[j] += d[i * n + j] * xhat[i * n + j];
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
 * BP2's first half: dC/da_ik = sum_j delta_ij w_jk for the layer's input a, row i of delta W; two
 * neurons j per pass over the row for the same reason as in weightGradient. (The next step back
 * multiplies by f'.)
 */
function errorToPrevious(d: Float64Array, w: Float64Array, m: number, nIn: number, nOut: number, dPrev: Float64Array): void {
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
  }
}

/** Every array of a gradient: weights, biases and (if any) gains. */
export function gradArrays(grads: Grads): Float64Array[] {
  return [...grads.weights, ...grads.biases, ...(grads.gains ?? [])];
}

export function zeroGrads(grads: Grads): void {
  for (const g of gradArrays(grads)) g.fill(0);
}

export function scaleGrads(grads: Grads, s: number): void {
  for (const g of gradArrays(grads)) for (let i = 0; i < g.length; i++) g[i] *= s;
}

/** The Euclidean norm of the whole gradient, all parameters as one vector. */
export function gradNorm(grads: Grads): number {
  let s = 0;
  for (const g of gradArrays(grads)) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return Math.sqrt(s);
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
  return forwardBatch(net, batch, ws, 'eval').slice();
}
