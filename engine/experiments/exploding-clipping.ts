/**
 * Exploding gradients and clipping by global norm (Pascanu, Mikolov and Bengio 2013), in a real
 * network: ReLU units with He initialisation, 10 hidden layers of 30, mini-batches of 10 on the
 * first 1,000 training images, no regularisation, and a learning rate large enough that plain SGD
 * blows up. The same network (same initial weights, same shuffles) trains twice: once unclipped,
 * once with the mean gradient's norm capped at `clip` before each update. Both runs record the
 * norm of every step's gradient (before clipping), the validation accuracy after each epoch and,
 * for a run that ends finite, how many of its rectifiers ended dead.
 */
import { createWorkspace, forwardBatch } from '../backprop';
import { createBatch } from '../batch';
import type { Dataset } from '../dataset';
import { fillBatch, headOf, identityOrder } from '../dataset';
import type { Network } from '../network';
import { createNetwork, cloneNetwork } from '../network';
import { train } from '../train';
import { mnistSizes, seedParam } from './common';
import { SHUFFLE_SEED_OFFSET } from './train';
import type { DivergedInfo } from './types';
import { defineExperiment, need } from './types';

export interface ClippingRun {
  /** 0: unclipped. */
  clip: number;
  /** The norm of each step's mean gradient over all parameters, before clipping, in order. */
  norms: number[];
  /** Validation accuracy after each completed epoch, a fraction. */
  accuracy: number[];
  /** Share of steps whose gradient was scaled down (0 for the unclipped run). */
  clipped: number;
  /**
   * For each hidden layer, the share of its units that are dead after the last epoch: inactive
   * (weighted input at most 0, so output and slope both 0) on every one of the training images.
   * Absent for a run that diverged.
   */
  dead?: number[];
  diverged?: DivergedInfo;
}

export interface ExplodingClippingResult {
  sizes: number[];
  /** The learning rate both runs used. */
  eta: number;
  /** Training and validation images (the first ones of each split). */
  trainSize: number;
  validationSize: number;
  /** Steps per epoch, to place epochs on the steps axis. */
  stepsPerEpoch: number;
  unclipped: ClippingRun;
  clipped: ClippingRun;
  /** Set when even the clipped run blew up: then the figure as a whole has diverged. */
  diverged?: DivergedInfo;
}

const TRAIN = 1000;
const VALIDATION = 1000;
const MINI_BATCH = 10;

/**
 * For each hidden layer, the share of its units that no image of `data` activates. Such a unit
 * passes nothing forward and nothing back for any of them, and its own weights get no gradient:
 * only changes below it can bring it back. One forward pass of the readable engine (for ReLU
 * networks: z > 0 is active).
 */
function deadShares(net: Network, data: Dataset): number[] {
  const hidden = net.sizes.slice(1, -1);
  const active = hidden.map((n) => new Uint8Array(n));
  const capacity = Math.min(500, data.n);
  const batch = createBatch(capacity, data.nIn);
  const ws = createWorkspace(net, capacity);
  const order = identityOrder(data.n);
  for (let start = 0; start < data.n; start += capacity) {
    fillBatch(data, order, start, Math.min(start + capacity, data.n), batch);
    forwardBatch(net, batch, ws, 'eval');
    hidden.forEach((n, l) => {
      // ws.z[l] is m x n, row-major: example i's weighted input to neuron j at i * n + j.
      const z = ws.z[l];
      for (let k = 0; k < batch.m * n; k++) if (z[k] > 0) active[l][k % n] = 1;
    });
  }
  return active.map((a) => a.reduce((dead, x) => dead + (1 - x), 0) / a.length);
}

export default defineExperiment({
  name: 'exploding-clipping',
  title: 'Exploding gradients, and clipping by global norm',
  description: 'A ReLU network with He initialisation and a large learning rate trained on 1,000 images twice, unclipped and with the gradient norm capped, recording every step\'s gradient norm, the validation accuracy and the rectifiers left dead.',
  params: {
    clip: { kind: 'number', default: 0.5, min: 0.01, max: 100, step: 0.01, label: 'Clip the gradient norm at', scale: 'log' },
    eta: { kind: 'number', default: 0.5, min: 0.01, max: 5, step: 0.01, label: 'Learning rate η', scale: 'log' },
    hidden: { kind: 'int', default: 10, min: 2, max: 20, step: 1, label: 'Hidden layers' },
    epochs: { kind: 'int', default: 5, min: 1, max: 20, step: 1, label: 'Epochs' },
    seed: seedParam,
  },
  data: () => ['first1000', 'validation'],
  async run(p, data, ctx): Promise<ExplodingClippingResult> {
    const training = headOf(need(data, 'first1000'), TRAIN);
    const validation = headOf(need(data, 'validation'), VALIDATION);
    const sizes = mnistSizes(p.hidden);
    const start = createNetwork({ sizes, seed: p.seed, init: 'he', activation: 'relu' });
    const runOnce = async (clip: number, part: number): Promise<ClippingRun> => {
      const net = cloneNetwork(start);
      const norms: number[] = [];
      const accuracy: number[] = [];
      let clipped = 0;
      const result = await train(net, training, {
        epochs: p.epochs, miniBatch: MINI_BATCH, eta: p.eta, lambda: 0, clip,
        seed: p.seed + SHUFFLE_SEED_OFFSET, evaluation: validation, signal: ctx.signal, gate: ctx.gate,
        onGradient: (g, m) => {
          let s = 0;
          for (const a of [...g.weights, ...g.biases]) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
          const norm = Math.sqrt(s) / m;
          norms.push(norm);
          if (clip > 0 && norm > clip) clipped++;
        },
        onEpoch: (r) => accuracy.push(r.evaluation!.accuracy),
        onProgress: (f) => ctx.onProgress?.((part + f) / 2),
      });
      const run: ClippingRun = { clip, norms, accuracy, clipped: norms.length ? clipped / norms.length : 0 };
      if (result.outcome === 'diverged') run.diverged = result.divergence;
      else run.dead = deadShares(net, training);
      return run;
    };
    const unclipped = await runOnce(0, 0);
    const clipped = await runOnce(p.clip, 1);
    const out: ExplodingClippingResult = { sizes, eta: p.eta, trainSize: training.n, validationSize: validation.n, stepsPerEpoch: Math.ceil(TRAIN / MINI_BATCH), unclipped, clipped };
    if (clipped.diverged) {
      out.diverged = { ...clipped.diverged, message: `even clipped at ${p.clip}, ${clipped.diverged.message}` };
    }
    return out;
  },
});
