// The exploding-clipping figure's experiment on real MNIST (first 1,000 training images, 1,000
// validation images), seed 1: unclipped, the deep ReLU network blows up within the first epoch;
// clipped at the default 0.5 it stays finite and learns; clipped too loosely it blows up as well.
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/index';
import type { ExplodingClippingResult } from '../../engine/experiments/exploding-clipping';
import { mnist } from './helpers';

const run = async (params: Record<string, unknown> = {}) => (await runExperiment('exploding-clipping', params, mnist)) as ExplodingClippingResult;

describe('exploding gradients and clipping by global norm', () => {
  it('defaults: unclipped diverges in epoch 1, naming the layer; clipped at 0.5 stays finite and learns', async () => {
    const r = await run();
    expect(r.unclipped.diverged?.epoch).toBe(1);
    expect(r.unclipped.diverged?.message).toMatch(/weights into hidden layer \d+ became infinite in epoch 1: .*the gradient exploded/);
    expect(r.unclipped.norms.length).toBeLessThan(100); // a handful of steps (6 for seed 1)
    expect(r.diverged).toBeUndefined();
    expect(r.clipped.diverged).toBeUndefined();
    expect(r.clipped.norms).toHaveLength(5 * r.stepsPerEpoch);
    expect(r.clipped.accuracy).toHaveLength(5);
    // About 75 % after 5 epochs on 1,000 images (seed 1); chance is 10 %.
    expect(r.clipped.accuracy[4]).toBeGreaterThan(0.5);
    // Problem 4 of the second chapter: at the default threshold every step is clipped.
    expect(r.clipped.clipped).toBe(1);
    // Same starting weights and first mini-batch: the first step's gradient is the same in both.
    expect(r.clipped.norms[0]).toBe(r.unclipped.norms[0]);
  });

  it('"the gradient grows by dozens of orders of magnitude within a handful of steps", for seeds 1-3', async () => {
    // Seed 1: 29, 300, 609, 1.3e8, 1.1e49, then infinite (47 orders of magnitude in 5 steps);
    // seed 2: 4.3 to 6.7e89 in 6 steps (89 orders); seed 3: 13 to 3.3e35 in 4 (34 orders).
    // "Dozens" is read as at least two dozen orders of magnitude (a factor above 1e24) from the
    // first step to the largest finite gradient, and "a handful of steps" as at most 10 steps
    // before the weights become infinite; the weakest of the three seeds clears both by a margin
    // of ten orders and three steps (seed 2 takes 7). One epoch suffices: the blow-up happens within its first steps.
    for (const seed of [1, 2, 3]) {
      const r = await run({ seed, epochs: 1 });
      const norms = r.unclipped.norms;
      const finite = norms.filter(Number.isFinite);
      expect(r.unclipped.diverged, `seed ${seed}`).toBeDefined();
      expect(norms.length, `seed ${seed}`).toBeLessThanOrEqual(10);
      expect(Math.max(...finite) / norms[0], `seed ${seed}`).toBeGreaterThan(1e24);
    }
  });

  it('the learning rate sets the explosion off: the first gradient is the same at any rate, and at 0.2 the unclipped run stays finite', async () => {
    // The chapter: "The starting weights are in balance; it is the learning rate that sets off the
    // explosion ... Lower the learning rate to 0.2 and even the unclipped run stays finite."
    const fast = await run(), slow = await run({ eta: 0.2 });
    expect(slow.unclipped.norms[0]).toBe(fast.unclipped.norms[0]); // 29 at He's initialisation
    expect(fast.unclipped.norms[0]).toBeLessThan(100);
    expect(slow.unclipped.diverged).toBeUndefined();
    expect(slow.unclipped.norms).toHaveLength(5 * slow.stepsPerEpoch);
    expect(Math.max(...slow.unclipped.norms)).toBeLessThan(1e3); // no step's gradient explodes
  });

  it('a threshold far above the usual gradients keeps the run finite but not useful: the few big steps it lets through leave the network at chance', async () => {
    // Clipping bounds every step by eta * clip, so no run with a finite threshold reaches infinity
    // here; at 100 it scales down about 1 % of the steps, and those that pass kill the network
    // (seed 1: 10.7 % after 5 epochs, the share of the commonest digit).
    const r = await run({ clip: 100 });
    expect(r.clipped.diverged).toBeUndefined();
    expect(r.diverged).toBeUndefined();
    expect(r.clipped.clipped).toBeLessThan(0.05);
    expect(r.clipped.accuracy[4]).toBeLessThan(0.15);
  });
});
