/**
 * The chapter's "speed of learning" of a hidden layer: the Euclidean norm of the vector of
 * dC/db_j over the layer's neurons, where dC/db is the MEAN over the examples (norm of the mean,
 * not mean of the norms). Computed in chunks so 1,000 examples need little memory.
 */
import { kernelsRun } from './backend';
import { backwardBatch, createWorkspace, forwardBatch, scaleGrads } from './backprop';
import type { Grads } from './backprop';
import { createBatch } from './batch';
import type { CostName } from './costs';
import type { Dataset } from './dataset';
import { fillBatch, identityOrder } from './dataset';
import { KernelNet } from './kernels/index';
import type { Network } from './network';
import { zerosLike } from './network';

const CHUNK = 250;

/** Gradient of the mean cost over all of `data` (no regularisation term). */
export function meanGradients(net: Network, data: Dataset, cost: CostName = 'cross-entropy'): Grads {
  // Batch norm couples the examples of a batch, so its gradient is that of one batch of all of
  // `data` (statistics over every example given), not a sum over chunks.
  const chunk = Math.max(1, net.norm === 'batch' ? data.n : Math.min(CHUNK, data.n));
  if (kernelsRun(net)) {
    const fast = new KernelNet(net, chunk, chunk);
    try {
      const orderPtr = fast.setOrder('all', identityOrder(data.n));
      for (let start = 0; start < data.n; start += chunk) fast.accumulate(data, orderPtr, start, Math.min(data.n, start + chunk), cost);
      const grads = fast.gradients();
      scaleGrads(grads, 1 / data.n);
      return grads;
    } finally {
      fast.dispose();
    }
  }
  const grads = zerosLike(net);
  const batch = createBatch(chunk, data.nIn);
  const ws = createWorkspace(net, chunk);
  const order = identityOrder(data.n);
  for (let start = 0; start < data.n; start += chunk) {
    fillBatch(data, order, start, Math.min(data.n, start + chunk), batch);
    forwardBatch(net, batch, ws);
    backwardBatch(net, batch, ws, cost, grads);
  }
  scaleGrads(grads, 1 / data.n);
  return grads;
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** One speed per hidden layer, first to last, from bias gradients. */
export function speedsFromGrads(grads: Grads): number[] {
  return grads.biases.slice(0, -1).map(norm);
}

export function layerSpeeds(net: Network, data: Dataset, cost: CostName = 'cross-entropy'): number[] {
  return speedsFromGrads(meanGradients(net, data, cost));
}
