/**
 * Mini-batch stochastic gradient descent with the book's L2 weight decay, seeded shuffling,
 * per-epoch evaluation, progress, cancellation and divergence detection. Full-batch gradient
 * descent is the special case miniBatch = n. No momentum, no learning-rate schedules.
 */
import { kernelsRun } from './backend';
import type { Grads } from './backprop';
import { backwardBatch, createWorkspace, forwardBatch, gradNorm, scaleGrads, updateRunningStatistics, zeroGrads } from './backprop';
import { createBatch } from './batch';
import type { CostName } from './costs';
import type { Dataset } from './dataset';
import { fillBatch, identityOrder } from './dataset';
import type { Evaluation } from './evaluate';
import { evaluate, evaluateWith } from './evaluate';
import { KernelNet } from './kernels/index';
import type { Network } from './network';
import { zerosLike } from './network';
import { createRng } from './rng';
import type { RunContext } from './schedule';
import { createPauser } from './schedule';
import { flippingDecay } from './weight-decay';

export interface TrainOptions extends RunContext {
  epochs: number;
  miniBatch: number;
  eta: number;
  /** L2 strength; the book's lambda (biases are not regularised). */
  lambda: number;
  cost?: CostName;
  /**
   * Gradient clipping by global norm (Pascanu, Mikolov and Bengio 2013): when the norm of the
   * mini-batch's mean gradient over all parameters exceeds `clip`, the gradient is scaled down to
   * that norm before the update (weight decay is not clipped). 0 or absent: off.
   */
  clip?: number;
  /** Seeds the shuffling of the training set each epoch (when an epoch has more than one mini-batch). */
  seed: number;
  /** Evaluated after every epoch when given (e.g. the validation set). */
  evaluation?: Dataset;
  /** Called before each epoch's first update (epoch counts from 1), e.g. to record speeds. */
  onEpochStart?: (net: Network, epoch: number) => void;
  /**
   * Called between backward and update with the SUMMED gradients of the batch's m examples
   * (divide by m for the mean), e.g. to record layer speeds from the very gradient the update
   * uses (before clipping). Must not modify them.
   */
  onGradient?: (grads: Grads, m: number, epoch: number, batch: number) => void;
  onEpoch?: (record: EpochRecord) => void;
  /**
   * Intermediate evaluations within each epoch, so a slow start is visible before the first
   * epoch ends: after every 1/perEpoch of an epoch's mini-batches (not at its end, where
   * `evaluation` is used), the network is evaluated on `data` (e.g. a validation subsample).
   */
  checkpoints?: { perEpoch: number; data: Dataset; onCheckpoint: (c: Checkpoint) => void };
}

export interface Checkpoint {
  epoch: number;
  /** Epochs completed so far, fractional: epoch - 1 + k / perEpoch. */
  at: number;
  evaluation: Evaluation;
}

export interface EpochRecord {
  epoch: number;
  evaluation?: Evaluation;
}

export interface Divergence {
  /** 1-based epoch in which a non-finite value appeared. */
  epoch: number;
  /** Index l of the weight matrix (weights into layer l + 1, counting the input layer as 0). */
  layer: number;
  message: string;
}

export type TrainResult =
  | { outcome: 'done'; epochs: EpochRecord[] }
  | { outcome: 'diverged'; epochs: EpochRecord[]; divergence: Divergence };

/** Names the weights into layer l + 1 in the chapter's words. */
export function describeLayer(net: Network, l: number): string {
  return l === net.sizes.length - 2 ? 'the output layer' : `hidden layer ${l + 1}`;
}

/** Why the weights ran away, in words (the decay's part: weight-decay.ts). */
function divergenceReason(eta: number, lambda: number, n: number): string {
  return flippingDecay(eta, lambda, n) ?? 'the gradient exploded, and the updates grew without bound';
}

/**
 * One gradient step on summed gradients of m examples (Nielsen's network2.py update):
 *   w <- (1 - eta * lambda / n) w - (eta / m) sum grad_w,   b <- b - (eta / m) sum grad_b,
 * and gamma like b for normalised layers.
 * Returns the index of the first layer whose parameters became non-finite, or -1.
 */
export function sgdUpdate(net: Network, grads: Grads, eta: number, lambda: number, n: number, m: number): number {
  const decay = 1 - (eta * lambda) / n;
  const step = eta / m;
  let bad = -1;
  for (let l = 0; l < net.weights.length; l++) {
    const w = net.weights[l];
    const gw = grads.weights[l];
    // Summing what we write catches any NaN or Infinity for one add per weight; two sums
    // because a single chain of dependent adds is slower than the update itself.
    let check = 0, check2 = 0;
    let i = 0;
    for (; i + 1 < w.length; i += 2) {
      const v = decay * w[i] - step * gw[i];
      const v2 = decay * w[i + 1] - step * gw[i + 1];
      w[i] = v;
      w[i + 1] = v2;
      check += v;
      check2 += v2;
    }
    for (; i < w.length; i++) {
      const v = decay * w[i] - step * gw[i];
      w[i] = v;
      check += v;
    }
    check += check2;
    const b = net.biases[l];
    const gb = grads.biases[l];
    for (let j = 0; j < b.length; j++) {
      const v = b[j] - step * gb[j];
      b[j] = v;
      check += v;
    }
    // A normalised layer's gamma, like its beta (the bias), is not regularised.
    if (net.gains && grads.gains && l < net.gains.length) {
      const g = net.gains[l];
      const gg = grads.gains[l];
      for (let j = 0; j < g.length; j++) {
        const v = g[j] - step * gg[j];
        g[j] = v;
        check += v;
      }
    }
    // A finite sum of huge finite values can overflow too; that is divergence all the same.
    if (bad < 0 && !Number.isFinite(check)) bad = l;
  }
  return bad;
}

/**
 * How the mini-batches of an epoch run: the readable TypeScript step below, or the WebAssembly
 * kernels doing the same arithmetic a chunk of mini-batches per call (engine/kernels/).
 */
interface Stepper {
  /** Runs mini-batches first..last-1 of the epoch in `order`; where the parameters blew up, or null. */
  run(order: Int32Array, first: number, last: number, epoch: number): { batch: number; layer: number } | null;
  /** Makes `net` hold the parameters trained so far. */
  sync(): void;
  evaluate(data: Dataset): Evaluation;
  dispose(): void;
}

function referenceStepper(net: Network, data: Dataset, opts: TrainOptions, m: number, cost: CostName): Stepper {
  const batch = createBatch(m, data.nIn);
  const ws = createWorkspace(net, m);
  const grads = zerosLike(net);
  return {
    run(order, first, last, epoch) {
      for (let b = first; b < last; b++) {
        // The training step: a mini-batch forward, backward (BP1-BP4), then the update.
        fillBatch(data, order, b * m, Math.min(data.n, (b + 1) * m), batch);
        zeroGrads(grads);
        forwardBatch(net, batch, ws);
        updateRunningStatistics(net, ws, batch.m);
        backwardBatch(net, batch, ws, cost, grads);
        opts.onGradient?.(grads, batch.m, epoch, b);
        if (opts.clip) clipSummed(grads, batch.m, opts.clip);
        const bad = sgdUpdate(net, grads, opts.eta, opts.lambda, data.n, batch.m);
        if (bad >= 0) return { batch: b, layer: bad };
      }
      return null;
    },
    sync() {},
    evaluate: (d) => evaluate(net, d, cost),
    dispose() {},
  };
}

/**
 * Clipping by global norm on SUMMED gradients of m examples: the mean gradient's norm is
 * |sum| / m; above `clip` the whole gradient is scaled by clip / norm, keeping its direction.
 */
export function clipSummed(grads: Grads, m: number, clip: number): void {
  const norm = gradNorm(grads) / m;
  if (norm > clip) scaleGrads(grads, clip / norm);
}

/** The same steps in kernel memory; with an onGradient hook (or a full batch), one mini-batch per call so it sees each gradient. */
function kernelStepper(net: Network, data: Dataset, opts: TrainOptions, m: number, cost: CostName): Stepper {
  const fast = new KernelNet(net, Math.max(m, EVALUATION_CHUNK), m);
  let orderPtr = 0;
  let orderEpoch = 0;
  return {
    run(order, first, last, epoch) {
      // The epoch's shuffle goes into kernel memory once, not once per call.
      if (orderEpoch !== epoch) {
        orderPtr = fast.setOrder('epoch', order);
        orderEpoch = epoch;
      }
      // Full-batch descent steps one batch at a time too, hook or not: accumulate keeps the batch
      // filled and regrouped by pixel from epoch to epoch, where trainBatches fills it anew on
      // every call (E4 without a hook: 1.9 s against 1.4 s here). Same operations, same bits.
      if (!opts.onGradient && m < data.n) return fast.trainBatches(data, orderPtr, first, last, m, opts.eta, opts.lambda, cost, opts.clip ?? 0);
      for (let b = first; b < last; b++) {
        const start = b * m, end = Math.min(data.n, start + m);
        fast.accumulate(data, orderPtr, start, end, cost);
        opts.onGradient?.(fast.gradients(), end - start, epoch, b);
        if (opts.clip) fast.clip(end - start, opts.clip);
        const bad = fast.update(opts.eta, opts.lambda, data.n, end - start);
        if (bad >= 0) return { batch: b, layer: bad };
      }
      return null;
    },
    sync: () => fast.store(net),
    evaluate: (d) => evaluateWith(fast, d, cost),
    dispose: () => fast.dispose(),
  };
}

/** Kernel workspaces hold at least this many examples, so evaluation runs in few calls. */
const EVALUATION_CHUNK = 500;
/** Mini-batches per kernel call aim at about this many examples: a few ms, so pause and cancel stay prompt. */
const EXAMPLES_PER_CALL = 1000;

export async function train(net: Network, data: Dataset, opts: TrainOptions): Promise<TrainResult> {
  const { epochs, miniBatch, eta, lambda, cost = 'cross-entropy', seed, evaluation, signal, onProgress } = opts;
  if (data.nIn !== net.sizes[0]) throw new Error(`data has ${data.nIn} inputs, network expects ${net.sizes[0]}`);
  const m = Math.min(miniBatch, data.n);
  const rng = createRng(seed);
  const order = identityOrder(data.n);
  const pause = createPauser(signal, 40, opts.gate);
  const batchesPerEpoch = Math.ceil(data.n / m);
  const records: EpochRecord[] = [];
  const perEpoch = opts.checkpoints ? Math.max(1, Math.floor(opts.checkpoints.perEpoch)) : 1;
  // Mini-batch counts after which checkpoint k (1 <= k < perEpoch) is taken; none at an epoch's
  // ends (its evaluation is the epoch's own) and one per count when an epoch has few batches.
  const checkpointAt = Array.from({ length: perEpoch - 1 }, (_, k) => Math.round(((k + 1) * batchesPerEpoch) / perEpoch))
    .map((after, k) => ({ after, at: (k + 1) / perEpoch }))
    .filter((c, i, all) => c.after > 0 && c.after < batchesPerEpoch && all.findIndex((d) => d.after === c.after) === i);
  if (net.norm === 'batch' && m < 2) throw new Error('batch norm needs mini-batches of at least 2 examples: with one, every normalised value is 0');
  if (opts.clip !== undefined && !(opts.clip >= 0)) throw new Error(`clip must be 0 (off) or a positive gradient norm, got ${opts.clip}`);
  const fast = kernelsRun(net);
  const batchesPerCall = fast && !opts.onGradient ? Math.max(1, Math.floor(EXAMPLES_PER_CALL / m)) : 1;
  const stepper = (fast ? kernelStepper : referenceStepper)(net, data, opts, m, cost);

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (opts.onEpochStart) {
        stepper.sync();
        opts.onEpochStart(net, epoch);
      }
      // Full-batch descent (one batch per epoch) sums over every example whatever their order:
      // shuffling would change only rounding, so it keeps the data's order and, on the kernels,
      // the batch filled once.
      if (batchesPerEpoch > 1) rng.shuffle(order);
      for (let b = 0; b < batchesPerEpoch; ) {
        const nextCheckpoint = checkpointAt.find((c) => c.after > b)?.after ?? batchesPerEpoch;
        const last = Math.min(b + batchesPerCall, nextCheckpoint);
        const bad = stepper.run(order, b, last, epoch);
        if (bad) {
          stepper.sync();
          const message = `weights into ${describeLayer(net, bad.layer)} became infinite in epoch ${epoch}: ${divergenceReason(eta, lambda, data.n)}`;
          return { outcome: 'diverged', epochs: records, divergence: { epoch, layer: bad.layer, message } };
        }
        b = last;
        const checkpoint = checkpointAt.find((c) => c.after === b);
        if (checkpoint && opts.checkpoints) {
          opts.checkpoints.onCheckpoint({ epoch, at: epoch - 1 + checkpoint.at, evaluation: stepper.evaluate(opts.checkpoints.data) });
        }
        const p = pause();
        if (p) {
          await p;
          onProgress?.((epoch - 1 + b / batchesPerEpoch) / epochs);
        }
      }
      const record: EpochRecord = { epoch };
      if (evaluation) record.evaluation = stepper.evaluate(evaluation);
      records.push(record);
      opts.onEpoch?.(record);
      onProgress?.(epoch / epochs, record);
    }
    return { outcome: 'done', epochs: records };
  } finally {
    stepper.sync();
    stepper.dispose();
  }
}
