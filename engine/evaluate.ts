/**
 * How good a network is on a data set: classification accuracy and mean cost, computed in
 * batches with the same forward pass as training. No regularisation term in the cost.
 */
import { kernelsRun } from './backend';
import { createBatch } from './batch';
import { createWorkspace, forwardBatch } from './backprop';
import type { CostName } from './costs';
import { costByName } from './costs';
import type { Dataset } from './dataset';
import { fillBatch, identityOrder } from './dataset';
import { KernelNet } from './kernels/index';
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
  if (kernelsRun(net)) {
    const fast = new KernelNet(net, Math.min(CHUNK, data.n));
    try {
      return evaluateWith(fast, data, costName);
    } finally {
      fast.dispose();
    }
  }
  const capacity = Math.min(CHUNK, data.n);
  const batch = createBatch(capacity, data.nIn);
  const ws = createWorkspace(net, capacity);
  const order = identityOrder(data.n);
  return score(net.sizes[net.sizes.length - 1], data, costName, (start, end) => {
    fillBatch(data, order, start, end, batch);
    return forwardBatch(net, batch, ws, 'eval');
  });
}

/** The same evaluation with the network already in kernel memory (as it is during training). */
export function evaluateWith(fast: KernelNet, data: Dataset, costName: CostName = 'cross-entropy'): Evaluation {
  const orderPtr = fast.setOrder('evaluate', identityOrder(data.n));
  const chunk = Math.min(CHUNK, fast.capacity);
  return score(fast.sizes[fast.sizes.length - 1], data, costName, (start, end) => fast.outputs(data, orderPtr, start, end), chunk);
}

/** Accuracy and mean cost from the outputs of examples [start, end), asked for chunk by chunk. */
function score(nOut: number, data: Dataset, costName: CostName, outputs: (start: number, end: number) => Float64Array, chunk = CHUNK): Evaluation {
  const cost = costByName(costName);
  let correct = 0;
  let total = 0;
  for (let start = 0; start < data.n; start += chunk) {
    const end = Math.min(data.n, start + chunk);
    const out = outputs(start, end);
    for (let i = 0; i < end - start; i++) {
      const label = data.labels[start + i];
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
