// Every draw comes from the seed: same seed, identical numbers; different seeds, different ones.
import { describe, expect, it } from 'vitest';
import { createNetwork, createRng, train } from '../../engine/index';
import type { Dataset } from '../../engine/index';
import { headOf } from '../../engine/index';
import { mnist } from './helpers';

describe('seeded randomness', () => {
  it('the generator repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return [r.next(), r.gaussian(), r.int(1000), r.uniform(-2, 2)];
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  it('Gaussian draws have mean 0 and variance 1', () => {
    const r = createRng(11);
    const n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = r.gaussian();
      s += g;
      s2 += g * g;
    }
    // Standard errors are 1/sqrt(n) = 0.0022 for the mean and sqrt(2/n) = 0.0032 for the
    // variance; 0.01 is more than three of them.
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.015);
  });

  it('networks: same seed gives bit-identical weights, another seed does not', () => {
    const a = createNetwork({ sizes: [784, 30, 10], seed: 3 });
    const b = createNetwork({ sizes: [784, 30, 10], seed: 3 });
    const c = createNetwork({ sizes: [784, 30, 10], seed: 4 });
    expect(a.weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    expect(a.biases.map((w) => Array.from(w))).toEqual(b.biases.map((w) => Array.from(w)));
    expect(Array.from(a.weights[0])).not.toEqual(Array.from(c.weights[0]));
  });

  it('the default initialiser draws weights with sd 1/sqrt(n_in) and biases with sd 1', () => {
    const net = createNetwork({ sizes: [784, 100, 10], seed: 9 });
    const sd = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    // 78,400 weights: the sample sd is within 1% of 1/28 with overwhelming probability.
    expect(sd(net.weights[0]) * 28).toBeCloseTo(1, 1);
    expect(Math.abs(sd(net.weights[0]) * 28 - 1)).toBeLessThan(0.01);
    expect(Math.abs(sd(net.biases[0]) - 1)).toBeLessThan(0.2); // only 100 draws
  });

  it('training twice with the same seeds gives identical results on real MNIST', async () => {
    const data: Dataset = headOf(await mnist('first1000'), 500);
    const run = async (seed: number) => {
      const net = createNetwork({ sizes: [784, 20, 10], seed: 1 });
      const r = await train(net, data, { epochs: 2, miniBatch: 10, eta: 0.5, lambda: 1, seed, evaluation: data });
      return { w: Array.from(net.weights[1]), scores: r.epochs.map((e) => e.evaluation!.cost) };
    };
    const first = await run(1);
    expect(await run(1)).toEqual(first);
    expect((await run(2)).w).not.toEqual(first.w); // a different shuffle
  });
});
