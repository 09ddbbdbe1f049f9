// The training step: one full-batch SGD step with L2 checked against the update written out by
// hand, a short real run that learns, divergence detection and cancellation.
import { describe, expect, it } from 'vitest';
import { createNetwork, evaluate, headOf, isAbortError, train } from '../../engine/index';
import type { Dataset } from '../../engine/index';
import { mnist } from './helpers';

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

describe('SGD with L2 regularisation', () => {
  it('one full-batch step equals the book\'s update written out by hand', async () => {
    // Two examples of two pixels, a [2, 2] network (no hidden layer: one sigmoid layer).
    const data: Dataset = { name: 'tiny', n: 2, nIn: 2, classes: 2, pixels: Uint8Array.from([51, 204, 255, 0]), labels: Uint8Array.from([0, 1]) };
    const x = [[51 / 255, 204 / 255], [1, 0]];
    const y = [[1, 0], [0, 1]];
    const net = createNetwork({ sizes: [2, 2], seed: 1 });
    net.weights[0].set([0.5, -0.25, 0.75, 0.1]); // row j = weights into output neuron j
    net.biases[0].set([0.1, -0.2]);
    const w = Array.from(net.weights[0]);
    const b = Array.from(net.biases[0]);
    const eta = 0.5, lambda = 2, n = 2, m = 2;

    // By hand: a_j = sigma(w_j . x + b_j); cross-entropy gives delta_j = a_j - y_j;
    // w <- (1 - eta lambda / n) w - (eta / m) sum_x delta_j x_k;  b <- b - (eta / m) sum_x delta_j.
    const expectedW = [...w];
    const expectedB = [...b];
    for (let j = 0; j < 2; j++) {
      let gb = 0;
      const gw = [0, 0];
      for (let e = 0; e < 2; e++) {
        const a = sigma(w[2 * j] * x[e][0] + w[2 * j + 1] * x[e][1] + b[j]);
        const delta = a - y[e][j];
        gb += delta;
        gw[0] += delta * x[e][0];
        gw[1] += delta * x[e][1];
      }
      for (let k = 0; k < 2; k++) expectedW[2 * j + k] = (1 - (eta * lambda) / n) * w[2 * j + k] - (eta / m) * gw[k];
      expectedB[j] = b[j] - (eta / m) * gb;
    }
    await train(net, data, { epochs: 1, miniBatch: 2, eta, lambda, seed: 3 });
    // Same formula, different order of additions: agreement to 1e-15 is all floating point allows.
    Array.from(net.weights[0]).forEach((v, i) => expect(v).toBeCloseTo(expectedW[i], 14));
    Array.from(net.biases[0]).forEach((v, i) => expect(v).toBeCloseTo(expectedB[i], 14));
    // And the regulariser really shrank the weights (biases are not regularised).
    expect(expectedW[0]).toBeLessThan(w[0]);
  });

  it('a short real run learns: [784, 30, 10] on 5,000 images beats 85% validation accuracy', async () => {
    const training = headOf(await mnist('train'), 5000);
    const validation = headOf(await mnist('validation'), 2000);
    const net = createNetwork({ sizes: [784, 30, 10], seed: 1 });
    const before = evaluate(net, validation).accuracy;
    const r = await train(net, training, { epochs: 2, miniBatch: 10, eta: 0.5, lambda: 5, seed: 1, evaluation: validation });
    expect(r.outcome).toBe('done');
    // Chance is 10%; the book's one-hidden-layer network reaches ~90% within an epoch on all the
    // data. 85% on a tenth of it after two epochs leaves room for seed-to-seed variation.
    expect(before).toBeLessThan(0.2);
    expect(r.epochs[1].evaluation!.accuracy).toBeGreaterThan(0.85);
  });

  it('detects weights overflowing and names the layer and epoch', async () => {
    // eta * lambda / n = 10 makes the decay factor 1 - 10 = -9: weights grow ninefold per step.
    const data = await mnist('first1000');
    const net = createNetwork({ sizes: [784, 30, 30, 10], seed: 1 });
    const r = await train(net, data, { epochs: 10, miniBatch: 10, eta: 100, lambda: 100, seed: 1 });
    expect(r.outcome).toBe('diverged');
    if (r.outcome !== 'diverged') return;
    // 9^k overflows near k = 323 steps, i.e. in the fourth epoch of 100 steps.
    expect(r.divergence.epoch).toBe(4);
    expect(r.divergence.message).toMatch(/weights into (hidden layer \d|the output layer) became infinite in epoch 4/);
  });

  it('stops when aborted between mini-batches', async () => {
    const data = await mnist('train');
    const net = createNetwork({ sizes: [784, 30, 10], seed: 1 });
    const controller = new AbortController();
    const progress: number[] = [];
    const run = train(net, data, {
      epochs: 30, miniBatch: 10, eta: 0.1, lambda: 5, seed: 1, signal: controller.signal,
      onProgress: (f) => { progress.push(f); if (progress.length === 2) controller.abort(); },
    });
    const error = await run.then(() => null, (e) => e);
    expect(isAbortError(error)).toBe(true);
    expect(progress[progress.length - 1]).toBeLessThan(0.05); // it did not finish an epoch
  });
});
