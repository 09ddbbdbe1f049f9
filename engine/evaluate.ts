/**
 * How good a network is on a data set: classification accuracy and mean cost, computed in
 * batches with the same forward pass as training. No regularisation term in the cost.
 */
import { createBatch } from './batch';
import { createWorkspace, forwardBatch } from './backprop';
import type { CostName } from './costs';
import { costByName } from './costs';
import type { Dataset } from './dataset';
import { fillBatch, identityOrder } from './dataset';
import type { Network } from './network';

export interface Evaluation {
  /** Fraction of examples whose largest output is the label. */
  accuracy: number;
  correct: number;
  n: number;
  /** Mean over examples of the per-example cost (sum over output neurons). */
  cost: number;
}

const CHUNK = 500;

export function evaluate(net: Network, data: Dataset, costName: CostName = 'cross-entropy'): Evaluation {
  const cost = costByName(costName);
  const nOut = net.sizes[net.sizes.length - 1];
  const capacity = Math.min(CHUNK, data.n);
  const batch = createBatch(capacity, data.nIn);
  const ws = createWorkspace(net, capacity);
  const order = identityOrder(data.n);
  let correct = 0;
  let total = 0;
  for (let start = 0; start < data.n; start += CHUNK) {
    const end = Math.min(data.n, start + CHUNK);
    fillBatch(data, order, start, end, batch);
    const out = forwardBatch(net, batch, ws);
    for (let i = 0; i < batch.m; i++) {
      const label = batch.labels[i];
      let best = 0;
      for (let j = 0; j < nOut; j++) {
        const a = out[i * nOut + j];
        if (a > out[i * nOut + best]) best = j;
        total += cost.fn(a, j === label ? 1 : 0);
      }
      if (best === label) correct++;
    }
  }
  return { accuracy: correct / data.n, correct, n: data.n, cost: total / data.n };
}
